export * from './sheet';
export { csvChunks } from './csv';
export { xlsxStream } from './xlsx';
