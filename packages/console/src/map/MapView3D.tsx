// The 3D view of the freehand map (three.js, WebGL; renders in headless Chromium on SwiftShader). World
// units are the patient frame in cm: +x patient left, +y head, +z anterior (up, toward the surgeon). Shown:
// the map as voxels above a quarter of the maximum coloured by activity, its coronal maximum-intensity
// projection on the tissue surface, the tracked probe, the hotspots with a line from the tip to the
// strongest, the case's pre-op lesion markers (labelled purple wireframe octahedra) and a simulated
// scenario's lesions (green wireframe spheres). Renders on demand (no animation loop).
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { coronalMip, hot, type MapStateT, type MapVolumeT, volumeBytes } from './map-api.js';

interface Parts {
  renderer: THREE.WebGLRenderer;
  scene: THREE.Scene;
  camera: THREE.PerspectiveCamera;
  controls: OrbitControls;
  map: THREE.Group;
  marks: THREE.Group;
  framedScan: string | null;
  draw: () => void;
}

/** Voxels below this fraction of the maximum are not drawn as voxels (the MIP still shows them). */
const VOXEL_THRESHOLD = 0.25;
const PROBE_LENGTH_CM = 12;
const PROBE_RADIUS_CM = 0.7;

function clear(group: THREE.Group): void {
  for (const child of [...group.children]) {
    group.remove(child);
    child.traverse((o) => {
      const mesh = o as THREE.Mesh;
      mesh.geometry?.dispose();
      const material = mesh.material as THREE.Material | THREE.Material[] | undefined;
      for (const m of Array.isArray(material) ? material : material ? [material] : []) {
        const map = (m as THREE.MeshBasicMaterial).map;
        map?.dispose();
        m.dispose();
      }
    });
  }
}

function buildMap(group: THREE.Group, volume: MapVolumeT): void {
  clear(group);
  const bytes = volumeBytes(volume);
  const [nx, ny, nz] = volume.grid.dims;
  const s = volume.grid.voxelSizeMm / 10;
  const [ox, oy, oz] = volume.grid.originCm;
  const threshold = Math.round(VOXEL_THRESHOLD * 255);
  const cells: Array<[number, number, number, number]> = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = bytes[i + nx * (j + ny * k)] as number;
        if (v >= threshold) cells.push([i, j, k, v]);
      }
  if (cells.length > 0) {
    const mesh = new THREE.InstancedMesh(
      new THREE.BoxGeometry(s * 0.92, s * 0.92, s * 0.92),
      new THREE.MeshBasicMaterial({ transparent: true, opacity: 0.7, depthWrite: false }),
      cells.length,
    );
    const m = new THREE.Matrix4();
    const c = new THREE.Color();
    cells.forEach(([i, j, k, v], n) => {
      m.makeTranslation(ox + i * s, oy + j * s, oz + k * s);
      mesh.setMatrixAt(n, m);
      const [r, g, b] = hot(0.35 + (0.65 * v) / 255);
      mesh.setColorAt(n, c.setRGB(r, g, b));
    });
    mesh.name = 'map-voxels';
    group.add(mesh);
  }
  // Coronal MIP on the top face of the grid (the tissue surface side).
  const mip = coronalMip(volume, bytes);
  const rgba = new Uint8Array(nx * ny * 4);
  for (let n = 0; n < nx * ny; n++) {
    const v = (mip[n] as number) / 255;
    const [r, g, b] = hot(v);
    rgba.set([r * 255, g * 255, b * 255, Math.round(Math.min(1, v * 1.4) * 220)], n * 4);
  }
  const texture = new THREE.DataTexture(rgba, nx, ny, THREE.RGBAFormat);
  texture.magFilter = THREE.LinearFilter;
  texture.needsUpdate = true;
  const plane = new THREE.Mesh(
    new THREE.PlaneGeometry(nx * s, ny * s),
    new THREE.MeshBasicMaterial({
      map: texture,
      transparent: true,
      depthWrite: false,
      side: THREE.DoubleSide,
    }),
  );
  plane.position.set(ox + ((nx - 1) * s) / 2, oy + ((ny - 1) * s) / 2, oz + (nz - 0.5) * s + 0.01);
  plane.name = 'map-mip';
  group.add(plane);
  const frame = new THREE.LineSegments(
    new THREE.EdgesGeometry(new THREE.BoxGeometry(nx * s, ny * s, nz * s)),
    new THREE.LineBasicMaterial({ color: 0x3d4a66 }),
  );
  frame.position.set(ox + ((nx - 1) * s) / 2, oy + ((ny - 1) * s) / 2, oz + ((nz - 1) * s) / 2);
  group.add(frame);
}

/**
 * Pre-op markers of the case: Okabe & Ito's reddish purple (#CC79A7; Okabe & Ito, "Color Universal Design",
 * 2008 — told apart from the map's orange–yellow, the hotspots' blue and the tip's yellow under the common
 * colour-vision deficiencies) and a different shape (a wireframe octahedron, not a sphere), with a label.
 */
export const CASE_MARKER_COLOUR = 0xcc79a7;
const SCENARIO_MARKER_COLOUR = 0x37d67a;
/** A case lesion recorded without a size is drawn this big (a glyph, not a size). */
const UNSIZED_MARKER_CM = 0.8;

function labelSprite(text: string, colour: string): THREE.Sprite {
  const canvas = document.createElement('canvas');
  const fontPx = 40;
  const font = `600 ${fontPx}px system-ui, sans-serif`;
  const ctx = canvas.getContext('2d');
  canvas.height = fontPx + 16;
  canvas.width = 64;
  if (ctx) {
    ctx.font = font;
    canvas.width = 16 + Math.ceil(ctx.measureText(text).width);
    ctx.font = font; // (resizing the canvas resets its state)
    ctx.fillStyle = 'rgba(5, 7, 12, 0.75)';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = colour;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 8, canvas.height / 2);
  }
  const texture = new THREE.CanvasTexture(canvas);
  const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: texture, depthTest: false }));
  const heightCm = 0.9;
  sprite.scale.set((heightCm * canvas.width) / canvas.height, heightCm, 1);
  sprite.renderOrder = 10;
  return sprite;
}

function buildMarks(group: THREE.Group, state: MapStateT): void {
  clear(group);
  for (const lesion of state.lesionMarkers) {
    if (lesion.source === 'case') {
      const radius = lesion.diameterCm !== null ? Math.max(0.4, lesion.diameterCm / 2) : UNSIZED_MARKER_CM;
      const shape = new THREE.OctahedronGeometry(radius * 1.3);
      const diamond = new THREE.Mesh(
        shape,
        new THREE.MeshBasicMaterial({
          color: CASE_MARKER_COLOUR,
          transparent: true,
          opacity: 0.35,
          depthWrite: false,
        }),
      );
      diamond.position.set(...lesion.positionCm);
      diamond.name = `case-marker:${lesion.id}`;
      group.add(diamond);
      const edges = new THREE.LineSegments(
        new THREE.EdgesGeometry(shape),
        new THREE.LineBasicMaterial({ color: CASE_MARKER_COLOUR }),
      );
      edges.position.copy(diamond.position);
      group.add(edges);
      const label = labelSprite(lesion.label, '#cc79a7');
      label.position.set(
        lesion.positionCm[0],
        lesion.positionCm[1],
        lesion.positionCm[2] + radius * 1.3 + 0.8,
      );
      group.add(label);
      // A dashed line to the nearest hotspot: "is this hotspot the lesion I expected?"
      const nearest = state.hotspots.find((h) => h.rank === lesion.nearestHotspot?.rank);
      if (nearest) {
        const link = new THREE.Line(
          new THREE.BufferGeometry().setFromPoints([
            diamond.position.clone(),
            new THREE.Vector3(...nearest.positionCm),
          ]),
          new THREE.LineDashedMaterial({ color: CASE_MARKER_COLOUR, dashSize: 0.3, gapSize: 0.2 }),
        );
        link.computeLineDistances();
        group.add(link);
      }
      continue;
    }
    const sphere = new THREE.Mesh(
      new THREE.SphereGeometry(Math.max(0.3, (lesion.diameterCm ?? 0.6) / 2), 12, 8),
      new THREE.MeshBasicMaterial({ color: SCENARIO_MARKER_COLOUR, wireframe: true }),
    );
    sphere.position.set(...lesion.positionCm);
    group.add(sphere);
  }
  for (const h of state.hotspots) {
    const sphere = new THREE.Mesh(
      new THREE.SphereGeometry(Math.max(0.25, (h.uncertaintyMm ?? 0) / 10), 16, 12),
      new THREE.MeshBasicMaterial({ color: h.rank === 1 ? 0x22d3ee : 0x67a8ff }),
    );
    sphere.position.set(...h.positionCm);
    group.add(sphere);
  }
  const probe = state.probe;
  if (probe) {
    const dir = new THREE.Vector3(...probe.direction).normalize();
    const tip = new THREE.Vector3(...probe.tipCm);
    const body = new THREE.Mesh(
      new THREE.CylinderGeometry(PROBE_RADIUS_CM, PROBE_RADIUS_CM * 0.8, PROBE_LENGTH_CM, 20),
      new THREE.MeshBasicMaterial({ color: 0xb8c2d6 }),
    );
    // The cylinder's axis is +y; the probe's body lies behind the tip, against the viewing direction.
    body.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), dir.clone().negate());
    body.position.copy(tip.clone().addScaledVector(dir, -PROBE_LENGTH_CM / 2));
    group.add(body);
    const tipMark = new THREE.Mesh(
      new THREE.SphereGeometry(PROBE_RADIUS_CM * 0.6, 12, 8),
      new THREE.MeshBasicMaterial({ color: 0xffd23f }),
    );
    tipMark.position.copy(tip);
    group.add(tipMark);
    const strongest = state.hotspots[0];
    if (strongest) {
      const line = new THREE.Line(
        new THREE.BufferGeometry().setFromPoints([tip, new THREE.Vector3(...strongest.positionCm)]),
        new THREE.LineBasicMaterial({ color: 0x22d3ee }),
      );
      group.add(line);
    }
  }
}

/** Where to look: the map's grid, else the lesion markers, else the probe. */
function focusOf(state: MapStateT): { centre: THREE.Vector3; radius: number } | null {
  if (state.grid) {
    const s = state.grid.voxelSizeMm / 10;
    const [nx, ny, nz] = state.grid.dims;
    const [ox, oy, oz] = state.grid.originCm;
    return {
      centre: new THREE.Vector3(ox + ((nx - 1) * s) / 2, oy + ((ny - 1) * s) / 2, oz + ((nz - 1) * s) / 2),
      radius: (Math.hypot(nx, ny, nz) * s) / 2,
    };
  }
  const points = state.lesionMarkers.map((l) => new THREE.Vector3(...l.positionCm));
  if (state.probe) points.push(new THREE.Vector3(...state.probe.tipCm));
  if (points.length === 0) return null;
  const box = new THREE.Box3().setFromPoints(points);
  const centre = box.getCenter(new THREE.Vector3());
  return { centre, radius: Math.max(6, box.getSize(new THREE.Vector3()).length() / 2) };
}

export function MapView3D({
  state,
  volume,
  showMap = true,
}: {
  state: MapStateT | null;
  volume: MapVolumeT | null;
  /** Whether the map (voxels and MIP) is drawn; the probe, hotspots and markers always are. */
  showMap?: boolean;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const parts = useRef<Parts | null>(null);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    // preserveDrawingBuffer: the picture can be read back (screenshots, the e2e test's pixel check).
    const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
    renderer.setClearColor(0x05070c);
    box.prepend(renderer.domElement);
    renderer.domElement.setAttribute('aria-label', '3D map of the tracer around the probe');
    renderer.domElement.setAttribute('role', 'img');
    const scene = new THREE.Scene();
    const camera = new THREE.PerspectiveCamera(40, 1, 0.1, 500);
    camera.up.set(0, 0, 1);
    camera.position.set(0, -30, 30);
    const controls = new OrbitControls(camera, renderer.domElement);
    const map = new THREE.Group();
    const marks = new THREE.Group();
    scene.add(map, marks);
    const draw = () => renderer.render(scene, camera);
    controls.addEventListener('change', draw);
    const resize = () => {
      const w = Math.max(1, box.clientWidth);
      const h = Math.max(1, box.clientHeight);
      renderer.setSize(w, h, false);
      camera.aspect = w / h;
      camera.updateProjectionMatrix();
      draw();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(box);
    parts.current = { renderer, scene, camera, controls, map, marks, framedScan: null, draw };
    resize();
    return () => {
      observer.disconnect();
      controls.dispose();
      clear(map);
      clear(marks);
      renderer.dispose();
      renderer.domElement.remove();
      parts.current = null;
    };
  }, []);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    if (volume) buildMap(p.map, volume);
    else clear(p.map);
    p.draw();
  }, [volume]);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    p.map.visible = showMap;
    p.draw();
  }, [showMap]);

  useEffect(() => {
    const p = parts.current;
    if (!p || !state) return;
    buildMarks(p.marks, state);
    // Framed again when the grid changes (it grows with the scanned footprint), not on every update.
    const key = state.grid ? `${state.scan}:${state.grid.dims}:${state.grid.originCm}` : 'none';
    if (p.framedScan !== key) {
      const focus = focusOf(state);
      if (focus) {
        // Far enough that the focus sphere fits the narrower of the two fields of view, with a margin.
        const half = (p.camera.fov * Math.PI) / 360;
        const narrower = Math.min(half, Math.atan(Math.tan(half) * p.camera.aspect));
        const d = (1.15 * focus.radius) / Math.sin(narrower);
        p.controls.target.copy(focus.centre);
        // From the patient's feet and above, as a surgeon standing at the table sees the field.
        p.camera.position.copy(focus.centre).add(new THREE.Vector3(0, -0.55 * d, 0.85 * d));
        p.controls.update();
        p.framedScan = key;
      }
    }
    p.draw();
  }, [state]);

  return (
    <div className="map-canvas-box" ref={boxRef} data-testid="map-3d">
      <div className="map-legend">
        <span style={{ color: '#ffb347' }}>■ map (voxels ≥ 25 %, MIP on the surface)</span>
        <span style={{ color: '#22d3ee' }}>● hotspot</span>
        <span style={{ color: '#cc79a7' }}>◆ pre-op lesion</span>
        <span style={{ color: '#37d67a' }}>○ scenario lesion</span>
        <span style={{ color: '#ffd23f' }}>● probe tip</span>
        <span>view from the feet; drag to turn</span>
      </div>
    </div>
  );
}
