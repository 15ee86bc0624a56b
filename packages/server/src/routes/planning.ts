// Planning and radiation protection (issue 7): the plan of `rgs plan` and the dose report of `rgs dose`
// over HTTP, for the console's planning page. Stateless: nothing is stored. Plans are computed in a
// worker thread (planning-worker.mjs) so a plan never delays live sessions.
import { Worker } from 'node:worker_threads';
import { DoseAnswer, PdfFile, PlanAnswer, TracerListAnswer } from '@openrgs/api';
import {
  type ComputePlanOptions,
  computeDose,
  doseRequestFromJson,
  doseRequestSchema,
  type Plan,
  type PlanComputation,
  type PlanResult,
  PROBE_IDS,
  physicsDoseContext,
  planSchema,
  tracerListJson,
} from '@openrgs/planning';
import type { Store } from '@openrgs/store';
import type { FastifyPluginAsync } from 'fastify';
import { spreadPriorForTracer } from '../domain/background-input.js';
import { ApiError, fromIssues } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

const PLAN_TIMEOUT_MS = 60_000;

type WorkerReply = ({ id: number } & PlanComputation) | { id: number; crash: string };

/** One lazily started worker; requests queue in it. A crashed or stuck worker is replaced. */
class PlanWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: PlanComputation) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();

  private start(): Worker {
    const worker = new Worker(new URL('./planning-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if ('crash' in reply) p.reject(new Error(reply.crash));
      else p.resolve(reply);
    });
    const fail = (error: Error) => {
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(error);
      }
      this.pending.clear();
      this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`planning worker exited with code ${code}`)));
    return worker;
  }

  compute(plan: Plan, options: ComputePlanOptions = {}): Promise<PlanComputation> {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`plan took longer than ${PLAN_TIMEOUT_MS / 1000} s`));
        void worker.terminate();
      }, PLAN_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, plan, options });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/**
 * The plan with the department's learnt spread prior for its tracer (empirical Bayes over the store's past
 * cases, issue 12 point 3) when there is one; the plan says which it used (verdictModel.spreadPriorBasis).
 */
async function planOrFail(worker: PlanWorker, plan: Plan, store: Store): Promise<PlanResult> {
  const choice = plan.tracer === 'custom' ? null : await spreadPriorForTracer(store, plan.tracer);
  const options: ComputePlanOptions =
    choice === null
      ? { spreadPriorNote: 'none: a custom tracer has no past cases to learn the spread from' }
      : { spreadPrior: choice.prior, spreadPriorNote: choice.note };
  let computed: PlanComputation;
  try {
    computed = await worker.compute(plan, options);
  } catch (error) {
    throw new ApiError(
      'unavailable',
      `planning failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  if (!computed.ok) throw fromIssues(computed.issues, { at: 'body', eachAtItsPlace: true });
  return computed.value;
}

export const planningRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const { registry } = deps;
  const worker = new PlanWorker();
  app.addHook('onClose', async () => worker.close());

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/planning/tracers',
      summary: 'Tracer presets with sourced kinetic parameters, and the probe preset ids a plan may name',
      tag: 'planning',
      access: 'case:read',
      status: 200,
      response: TracerListAnswer,
    },
    async () => ({ tracers: tracerListJson(), probes: [...PROBE_IDS] }),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/planning/plan',
      summary:
        'Plan radioguided surgery (PLAN.json): per-lesion rates, P(positive in 5 s), time to verdict, window, detectability map',
      tag: 'planning',
      access: 'case:read',
      body: planSchema,
      status: 200,
      response: PlanAnswer,
    },
    async ({ body }) => planOrFail(worker, body, deps.store),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/planning/plan.pdf',
      summary: 'The plan sheet as PDF for the multidisciplinary meeting',
      tag: 'planning',
      access: 'case:read',
      body: planSchema,
      status: 200,
      response: PdfFile,
      responseDescription: 'application/pdf',
    },
    async ({ body, reply }) => {
      const result = await planOrFail(worker, body, deps.store);
      const { planSheetPdf } = await import('@openrgs/planning/pdf');
      const pdf = await planSheetPdf(result);
      reply.type('application/pdf').header('content-disposition', 'inline; filename="rgs-plan.pdf"');
      return pdf;
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/planning/dose',
      summary: 'Staff dose, ambient dose rate, pregnant-staff check and specimen storage for an operation',
      tag: 'planning',
      access: 'case:read',
      body: doseRequestSchema,
      status: 200,
      response: DoseAnswer,
    },
    async ({ body }) => {
      const computed = computeDose(doseRequestFromJson(body), physicsDoseContext);
      if (!computed.ok) throw fromIssues(computed.issues, { at: 'body', eachAtItsPlace: true });
      return computed.value;
    },
  );
};
