// Answers that are files, not JSON: the case report (PDF and printable HTML), the FHIR bundle, the
// measurements CSV, the probe QC report and the plan sheet (PDF). Each schema names its media type as JSON
// Schema's `contentMediaType` (draft 2020-12, §8.4: https://json-schema.org/draft/2020-12/json-schema-validation#section-8.4);
// /api/openapi.json lists the answer under that media type, and the console reads the answer by it
// (bytes, text or JSON).
import { z } from 'zod';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-": ISO 32000-1 §7.5.2, the file header.

/** A PDF document: its bytes, which begin with the header `%PDF-`. */
export const PdfFile = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be the bytes of a file')
  .refine(
    (bytes) => PDF_MAGIC.every((b, i) => bytes[i] === b),
    'is not a PDF: it does not begin with %PDF- (ISO 32000-1 §7.5.2)',
  )
  .meta({ type: 'string', contentMediaType: 'application/pdf' });

/** A printable HTML page, one whole document (it begins with `<!doctype html>`, HTML Living Standard §13.1.1). */
export const HtmlPage = z
  .string()
  .refine(
    (text) => text.slice(0, 15).toLowerCase() === '<!doctype html>',
    'is not an HTML document: it does not begin with <!doctype html>',
  )
  .meta({ contentMediaType: 'text/html' });

/** A CSV file (RFC 4180), units in the column names. */
export const CsvFile = z.string().meta({ contentMediaType: 'text/csv' });

/**
 * A FHIR R4 Bundle (https://hl7.org/fhir/R4/bundle.html): its kind and each entry's resource type named here;
 * the resources themselves are FHIR's, kept whole (validated against the R4 definitions by @openrgs/report's
 * tests, packages/report/src/fhir/validate.ts).
 */
export const FhirBundle = z
  .looseObject({
    resourceType: z.literal('Bundle'),
    type: z.enum([
      'document',
      'message',
      'transaction',
      'transaction-response',
      'batch',
      'batch-response',
      'history',
      'searchset',
      'collection',
    ]),
    entry: z
      .array(
        z.looseObject({
          fullUrl: z.string().optional(),
          resource: z.looseObject({ resourceType: z.string() }),
        }),
      )
      .optional(),
  })
  .meta({ contentMediaType: 'application/fhir+json' });

/** The media type an answer's schema names (`contentMediaType`); a JSON answer otherwise. */
export function mediaTypeOf(schema: z.ZodType): string {
  const named = z.globalRegistry.get(schema)?.contentMediaType;
  return typeof named === 'string' ? named : 'application/json';
}
