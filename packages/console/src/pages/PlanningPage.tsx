// Planning and radiation protection without a case (issue 7): the same form as the case page's plan
// panel — tracer and timing, probe, lesions with diameter, depth, uptake ratio and nearby organ — started
// from a worked example (an ileal NET with a mesenteric node and a liver metastasis, 600 MBq of
// 99mTc-EDDA/HYNIC-TOC four hours before surgery). Per-lesion detectability, the injection window, the
// staff doses and the plan sheet come from /api/planning (docs/planning.md).
import { CasePlanPanel } from '../components/CasePlanPanel.js';
import { type PlanForm, toLocalInput } from '../components/case-plan.js';

/** The example, dated today: injection at 07:30, surgery from 11:30 for three hours (local time). */
export function examplePlanForm(today: Date): PlanForm {
  const injected = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 7, 30);
  return {
    tracer: 'tc99m-hynic-toc',
    injectedActivityMBq: '600',
    injectedAtLocal: toLocalInput(injected),
    surgeryDate: toLocalInput(injected).slice(0, 10),
    surgeryTime: '11:30',
    surgeryDurationMinutes: '180',
    probe: 'csi-14mm',
    lesions: [
      { label: 'ileal primary', diameterMm: '18', depthCm: '1', uptakeRatio: '8', nearbyOrgan: 'none' },
      { label: 'mesenteric node', diameterMm: '12', depthCm: '2', uptakeRatio: '6', nearbyOrgan: 'none' },
      { label: 'liver met', diameterMm: '10', depthCm: '1.5', uptakeRatio: '4', nearbyOrgan: 'liver' },
    ],
  };
}

export function PlanningPage() {
  return (
    <div className="page stack">
      <h1>Planning</h1>
      <p>
        Will the probe find each lesion, and when should the tracer be given? Change the example below to your
        patient's figures. For a case, the same plan is on its case page, prefilled from the case.
      </p>
      <section className="panel stack" aria-label="Plan">
        <CasePlanPanel example={examplePlanForm(new Date())} />
      </section>
    </div>
  );
}
