// @openrgs/csv: the one CSV reader (csv-parse records, a zod schema per row, issues naming line and column).
export { type NumberField, nonEmptyField, numberField, oneOfField } from './fields.js';
export {
  type CsvIssue,
  type CsvIssueCode,
  type CsvRecord,
  type CsvRecords,
  type CsvRows,
  csvRows,
  type ReadOptions,
  readCsvRecords,
} from './read.js';
