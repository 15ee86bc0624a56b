// A coronal (frontal) 2-D description of the virtual patient for drawing: what the surgeon would see
// looking down at the supine patient. Units cm, patient frame (anatomy.ts): x to the patient's LEFT
// (drawn to the viewer's right when looking at the patient from the front), y towards the HEAD.
import { ORGANS, type TissueName, TRUNK, tissueAt, trunkWithOpening } from './anatomy.js';
import type { ImagingStatus, Scenario } from './scenarios.js';
import type { Vec3 } from './vec3.js';

export interface BodyMapEllipse {
  centerCm: [number, number];
  semiAxesCm: [number, number];
  rotationDeg: number;
  /** The same ellipse as a closed polygon (48 vertices), for canvas/SVG paths. */
  polygonCm: Array<[number, number]>;
  /** Depth range of the organ part below the surface (skin or exposed plane) at its centre, cm. */
  depthBelowSurfaceCm: [number, number];
}

export interface BodyMapOrgan {
  tissue: Exclude<TissueName, 'remainder'>;
  label: string;
  parts: BodyMapEllipse[];
}

export interface BodyMapLesion {
  id: string;
  label: string;
  xCm: number;
  yCm: number;
  zCm: number;
  /** Depth of the lesion centre below the surface the probe touches (skin, or the exposed plane of an open abdomen), cm. */
  depthBelowSurfaceCm: number;
  diameterCm: number;
  imaging: ImagingStatus;
  palpable: boolean;
  tumour: boolean;
}

/** A suggested background site (scenario.backgroundSites) with the tissue under the probe tip there. */
export interface BodyMapBackgroundSite {
  label: string;
  xCm: number;
  yCm: number;
  /** Tissue 0.25 cm below the surface the probe touches at (x, y); null outside the body. */
  tissue: TissueName | null;
}

export interface BodyMap {
  plane: 'coronal';
  units: 'cm';
  axes: { x: 'patient left'; y: 'head' };
  /** Trunk outline (x, y) polygon; null when the scenario has no patient (QC jig). */
  outlineCm: Array<[number, number]> | null;
  organs: BodyMapOrgan[];
  lesions: BodyMapLesion[];
  /** Where the scenario suggests counting background (normal tissue of the lesions' kind), and why. */
  backgroundSites: BodyMapBackgroundSite[];
  backgroundAdvice: string;
  /** z (cm) at which a demo should hold the probe tip; the probe points along −z (into the patient). */
  surveyPlaneZCm: number;
  /** Open abdomen: z of the exposed plane (cm); null for a closed body. */
  openAbdomenZCm: number | null;
  probeDirection: Vec3;
  /** Suggested drawing bounds. */
  boundsCm: { xMin: number; xMax: number; yMin: number; yMax: number };
}

function ellipsePolygon(
  cx: number,
  cy: number,
  a: number,
  b: number,
  rotationDeg: number,
): Array<[number, number]> {
  const rot = (rotationDeg * Math.PI) / 180;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < 48; i++) {
    const t = (2 * Math.PI * i) / 48;
    const x = a * Math.cos(t);
    const y = b * Math.sin(t);
    out.push([
      round(cx + x * Math.cos(rot) - y * Math.sin(rot)),
      round(cy + x * Math.sin(rot) + y * Math.cos(rot)),
    ]);
  }
  return out;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Anterior skin height (z, cm) above a point (x) of the trunk. */
export function anteriorSkinZCm(xCm: number): number {
  const u = xCm / TRUNK.semiAxisXCm;
  return u >= 1 ? 0 : TRUNK.semiAxisZCm * Math.sqrt(1 - u * u);
}

export function bodyMapOf(scenario: Scenario): BodyMap {
  const surfaceZ = (xCm: number) =>
    Math.min(anteriorSkinZCm(xCm), scenario.openAbdomenZCm ?? Number.POSITIVE_INFINITY);
  const lesions: BodyMapLesion[] = scenario.lesions.map((l) => ({
    id: l.id,
    label: l.label,
    xCm: l.centerCm[0],
    yCm: l.centerCm[1],
    zCm: l.centerCm[2],
    depthBelowSurfaceCm: scenario.patient
      ? round(surfaceZ(l.centerCm[0]) - l.centerCm[2])
      : round(scenario.startPose.positionCm[2] - l.centerCm[2]),
    diameterCm: l.diameterCm,
    imaging: l.imaging,
    palpable: l.palpable,
    tumour: l.tumour,
  }));
  const trunk = trunkWithOpening(scenario.openAbdomenZCm);
  const backgroundSites: BodyMapBackgroundSite[] = scenario.backgroundSites.map((site) => ({
    label: site.label,
    xCm: site.xCm,
    yCm: site.yCm,
    tissue: scenario.patient
      ? (tissueAt([site.xCm, site.yCm, surfaceZ(site.xCm) - 0.25], trunk) ?? null)
      : null,
  }));
  const backgroundAdvice = scenario.backgroundAdvice;
  if (!scenario.patient) {
    return {
      plane: 'coronal',
      units: 'cm',
      axes: { x: 'patient left', y: 'head' },
      outlineCm: null,
      organs: [],
      lesions,
      backgroundSites,
      backgroundAdvice,
      surveyPlaneZCm: scenario.surveyPlaneZCm,
      openAbdomenZCm: null,
      probeDirection: [0, 0, -1],
      boundsCm: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
    };
  }
  const outline: Array<[number, number]> = [
    [-TRUNK.semiAxisXCm, TRUNK.yMinCm],
    [TRUNK.semiAxisXCm, TRUNK.yMinCm],
    [TRUNK.semiAxisXCm, TRUNK.yMaxCm],
    [-TRUNK.semiAxisXCm, TRUNK.yMaxCm],
  ];
  const organs: BodyMapOrgan[] = ORGANS.map((o) => ({
    tissue: o.tissue,
    label: o.label,
    parts: o.parts.map((p) => {
      const skin = surfaceZ(p.centerCm[0]);
      return {
        centerCm: [p.centerCm[0], p.centerCm[1]],
        semiAxesCm: [p.semiAxesCm[0], p.semiAxesCm[1]],
        rotationDeg: p.rotationZDeg,
        polygonCm: ellipsePolygon(
          p.centerCm[0],
          p.centerCm[1],
          p.semiAxesCm[0],
          p.semiAxesCm[1],
          p.rotationZDeg,
        ),
        depthBelowSurfaceCm: [
          round(skin - p.centerCm[2] - p.semiAxesCm[2]),
          round(skin - p.centerCm[2] + p.semiAxesCm[2]),
        ],
      };
    }),
  }));
  return {
    plane: 'coronal',
    units: 'cm',
    axes: { x: 'patient left', y: 'head' },
    outlineCm: outline,
    organs,
    lesions,
    backgroundSites,
    backgroundAdvice,
    surveyPlaneZCm: scenario.surveyPlaneZCm,
    openAbdomenZCm: scenario.openAbdomenZCm,
    probeDirection: [0, 0, -1],
    boundsCm: {
      xMin: -TRUNK.semiAxisXCm - 2,
      xMax: TRUNK.semiAxisXCm + 2,
      yMin: TRUNK.yMinCm - 2,
      yMax: TRUNK.yMaxCm + 2,
    },
  };
}
