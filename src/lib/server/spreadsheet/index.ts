export {
	batchesOf,
	fileDetails,
	type Cell,
	type Column,
	type ColumnKind,
	type CsvSeparator,
	type Row,
	type Sheet,
	type SheetFile,
	type SheetFormat
} from './sheet';
export { csvChunks } from './csv';
export { xlsxStream } from './xlsx';
