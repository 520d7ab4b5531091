export {
	batchesOf,
	fileDetails,
	finnishTimeText,
	type Cell,
	type Column,
	type ColumnKind,
	type CsvSeparator,
	type Row,
	type Sheet,
	type SheetFile,
	type SheetFormat
} from './sheet';
export { BOM, csvChunks, csvRows } from './csv';
export { xlsxStream, XLSX_TYPE } from './xlsx';
