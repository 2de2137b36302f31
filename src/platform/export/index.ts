// Streaming xlsx/CSV exports shared by every list that can be downloaded.
export { CONTENT_TYPES, EXPORT_FORMATS, XLSX_MAX_DATA_ROWS, csvSafe, tableWriter, type ExportCell, type ExportFormat, type TableWriter } from './writer.ts';
export { bilingual, exportFile, sendDownload, type ExportFile } from './file.ts';
// Exports write times as the calendar formats them: one definition of Shanghai time.
export { shanghaiDateTime } from '../calendar/index.ts';
