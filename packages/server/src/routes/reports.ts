// The record leaves the room (issue 9): case report (PDF and printable HTML), FHIR R4 bundle, CSV of
// measurements, follow-up entries, and the registry (statistics, historic CSV import).
import {
  CaseParams,
  CsvFile,
  FhirBundle,
  FollowUpCreate,
  FollowUpList,
  FollowUpRecord,
  HtmlPage,
  PdfFile,
  REGISTRY_IMPORT_LIMIT_BYTES,
  RegistryImportRequest,
  RegistryImportResult,
  RegistryStats,
  RegistryStatsQuery,
  ReportQuery,
} from '@openrgs/api';
import {
  buildReportModel,
  caseToFhirBundle,
  measurementsCsv,
  renderReportHtml,
  renderReportPdf,
} from '@openrgs/report';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { decayCorrectorFor, loadCaseRecord } from '../domain/case-record.js';
import { importHistoricCsv, loadRegistryInput, REGISTRY_SEED } from '../domain/registry-input.js';
import { RegistryStatsJobs } from '../domain/registry-stats-job.js';
import { fromIssues, notFound } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

export const reportRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry, now }) => {
  const statsJobs = new RegistryStatsJobs();
  const actorOf = (auth: { user: { id: string; username: string } }) => ({
    userId: auth.user.id,
    username: auth.user.username,
  });
  const load = async (id: string) => {
    const record = await loadCaseRecord(store, id);
    if (!record) throw notFound(`case '${id}' does not exist`, 'params.id');
    return record;
  };
  const reportOf = async (id: string, reference: string | undefined) => {
    const record = await load(id);
    const decayCorrect = decayCorrectorFor(record.tracer?.nuclide);
    return buildReportModel(record, {
      generatedAt: now().toISOString(),
      ...(reference !== undefined ? { decayReferenceTime: reference } : {}),
      ...(decayCorrect !== undefined && reference !== undefined ? { decayCorrect } : {}),
    });
  };

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/report.pdf',
      summary: 'The case report as PDF; `reference` (ISO with zone) sets the decay reference time',
      tag: 'reports',
      access: 'case:read',
      params: CaseParams,
      query: ReportQuery,
      status: 200,
      response: PdfFile,
      responseDescription: 'application/pdf',
    },
    async ({ params, query, reply }) => {
      const pdf = await renderReportPdf(await reportOf(params.id, query.reference));
      reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="rgs-report-${params.id}.pdf"`);
      return pdf;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/report.html',
      summary: 'The case report as a printable HTML page',
      tag: 'reports',
      access: 'case:read',
      params: CaseParams,
      query: ReportQuery,
      status: 200,
      response: HtmlPage,
      responseDescription: 'text/html',
    },
    async ({ params, query, reply }) => {
      reply.type('text/html; charset=utf-8');
      return renderReportHtml(await reportOf(params.id, query.reference));
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/fhir',
      summary:
        'The case as a FHIR R4 transaction Bundle (pseudonymous Patient, Procedure, MedicationAdministration, Device, Specimen, Observation, DiagnosticReport, Provenance)',
      tag: 'reports',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: FhirBundle,
      responseDescription: 'application/fhir+json',
    },
    async ({ params, reply }) => {
      const record = await load(params.id);
      const pdf = await renderReportPdf(buildReportModel(record, { generatedAt: now().toISOString() }));
      reply.type('application/fhir+json');
      const bundle = caseToFhirBundle(record, { exportedAt: now().toISOString(), reportPdf: pdf });
      // @medplum/fhirtypes' interfaces have no index signature, so TypeScript will not call them loose JSON
      // objects; the bundle's kind and entries are pinned to the api's FhirBundle in wire-contract.test.ts,
      // and under test every answer is parsed with it.
      return bundle as typeof bundle & z.infer<typeof FhirBundle>;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/measurements.csv',
      summary: 'The case measurements as CSV (units in the column names)',
      tag: 'reports',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: CsvFile,
      responseDescription: 'text/csv',
    },
    async ({ params, reply }) => {
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="measurements-${params.id}.csv"`);
      return measurementsCsv([await load(params.id)]);
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/follow-ups',
      summary: 'Follow-up entries of a case (date, recurrence)',
      tag: 'registry',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: FollowUpList,
    },
    async ({ params }) => {
      if (!(await store.cases.exists(params.id)))
        throw notFound(`case '${params.id}' does not exist`, 'params.id');
      return store.registry.followUps(params.id);
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/follow-ups',
      summary: 'Add a follow-up entry (date, recurrence yes/no, note); audited',
      tag: 'registry',
      access: 'case:write',
      params: CaseParams,
      body: FollowUpCreate,
      status: 201,
      response: FollowUpRecord,
    },
    async ({ params, body, auth }) =>
      store.registry.addFollowUp(actorOf(auth), params.id, {
        date: body.date,
        recurrence: body.recurrence,
        ...(body.note !== undefined ? { note: body.note } : {}),
      }),
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/registry/stats',
      summary:
        'Registry statistics across signed-off cases and imported historic cases: T/B distributions, accuracy against pathology with exact intervals, ROC and evidence-based cut-off, lesions imaging missed, R status and recurrence',
      tag: 'registry',
      access: 'case:read',
      query: RegistryStatsQuery,
      status: 200,
      response: RegistryStats,
    },
    async ({ query }) => {
      const includeSynthetic = query.includeSynthetic !== 'false';
      return statsJobs.get({
        version: String(await store.audit.lastSeq()),
        includeSynthetic,
        replicates: query.replicates ?? 1000,
        seed: REGISTRY_SEED,
        load: () => loadRegistryInput(store, { includeSynthetic }),
      });
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/registry/import',
      summary:
        'Import historic cases from CSV (one row per lesion; validated, idempotent; errors name the line)',
      tag: 'registry',
      access: 'case:write',
      body: RegistryImportRequest,
      status: 200,
      response: RegistryImportResult,
      // A department's history is thousands of lesions (~100 bytes a row): 8 MiB, not the API's 64 KiB.
      bodyLimitBytes: REGISTRY_IMPORT_LIMIT_BYTES,
    },
    async ({ body, auth }) => {
      const imported = await importHistoricCsv(store, actorOf(auth), body.source, body.csv);
      if (!imported.ok)
        throw fromIssues(imported.issues, {
          at: 'body.csv',
          summary: (issues) => {
            const [first] = issues;
            return `the CSV has ${issues.length} problem(s); nothing was imported. First: line ${first?.line}${
              first?.column ? `, column ${first.column}` : ''
            }: ${first?.message}`;
          },
        });
      return imported.value;
    },
  );
};
