/**
 * The learned-offsets 3D view (three.js, no React).
 *
 * The (letterboxed) input image lies on the ground plane; every output
 * pixel's N sampling positions stand above it as points, coloured by offset
 * length and raised by sample index or by offset length. A toggle moves the
 * points between their initial (p_0 + p_n) and learned positions. One output
 * pixel can be selected: its N samples are drawn larger, with lines from its
 * base position p_0.
 *
 * World coordinates: the image's long side is 1 unit, centred on the origin;
 * image x runs along +x, image y along +z (the image's top edge is away from
 * a camera at azimuth 0), and height along +y. The camera orbits the image's
 * centre: azimuth (degrees, around +y, 0 = looking along -z), elevation
 * (degrees above the image plane, 90 = straight down) and distance (units).
 *
 * It renders on demand only (a camera move, a new field, a selection, an
 * animation frame), never in a permanent loop, and frees every GPU resource
 * in dispose().
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Camera } from '../../state/settings';
import { DEFAULT_SETTINGS, LIMITS } from '../../state/settings';
import { VIEW_KEYS_HELP, cameraAfterKey, roundCamera, sameCamera } from './camera';
import { offsetColor } from './colormap';
import { canvasPng } from '../figure/download';
import type { OutputPixel, SamplingField } from '../../detect/sampling-field';
import { pixelAt } from '../../detect/sampling-field';

/** What a sample's height above the image shows. */
export type HeightMode = 'index' | 'offset';
/** Which positions the points show. */
export type PositionsView = 'initial' | 'learned';

export const HEIGHT_MODES: readonly HeightMode[] = ['index', 'offset'];

export interface SceneImage {
  /** RGB in [0, 1], [height, width, 3] row-major (a letterboxed frame). */
  data: Float32Array;
  width: number;
  height: number;
}

export interface OffsetsSceneOptions {
  /** The camera to start from (e.g. the URL's). */
  camera?: Camera;
  /** After the user moved the camera (end of a drag, a wheel step) or resetCamera(). */
  onCamera?: (camera: Camera) => void;
  /** The output pixel under the pointer (mouse hover), or null when there is none. */
  onHover?: (pixel: OutputPixel | null) => void;
  /** A click or tap (not a drag) on a point or on the image. */
  onSelect?: (pixel: OutputPixel) => void;
  heightMode?: HeightMode;
  view?: PositionsView;
  /** The canvas's accessible name. */
  label?: string;
}

/** Height of the top of the point stack, in world units. */
const STACK_HEIGHT = 0.22;
const ANIMATION_MS = 650;
/**
 * Point size for three's size attenuation (pixels = size * half the drawing
 * buffer's height / depth): about a third of a cell on screen, and never
 * below a few pixels at the default distance.
 */
function pointSize(cellWorld: number): number {
  return Math.max(0.03, 0.8 * cellWorld);
}

const SELECTED_PX = 11;
const CLICK_SLOP_PX = 5;

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}

/** A soft round sprite for the points (white disk, alpha edge). */
function discTexture(): THREE.DataTexture {
  const size = 32;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) / (size / 2);
      const a = Math.max(0, Math.min(1, (1 - d) * 6));
      data.set([255, 255, 255, Math.round(a * 255)], (y * size + x) * 4);
    }
  }
  const t = new THREE.DataTexture(data, size, size, THREE.RGBAFormat);
  t.magFilter = THREE.LinearFilter;
  t.minFilter = THREE.LinearMipmapLinearFilter; // points are drawn a few pixels wide
  t.generateMipmaps = true;
  t.needsUpdate = true;
  return t;
}

/** RGB float HWC -> RGBA bytes, rows flipped (texture row 0 is the image's bottom). */
function packImage(image: SceneImage, out?: Uint8Array): Uint8Array {
  const { width, height, data } = image;
  const rgba = out ?? new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const src = y * width * 3;
    const dst = (height - 1 - y) * width * 4;
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < 3; ch++) rgba[dst + x * 4 + ch] = Math.round(Math.min(1, Math.max(0, data[src + x * 3 + ch] ?? 0)) * 255);
      rgba[dst + x * 4 + 3] = 255;
    }
  }
  return rgba;
}

export class OffsetsScene {
  readonly canvas: HTMLCanvasElement;
  private readonly container: HTMLElement;
  private readonly options: OffsetsSceneOptions;
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera: THREE.PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly raycaster = new THREE.Raycaster();
  private readonly resizeObserver: ResizeObserver | null;
  private readonly disc: THREE.DataTexture;

  // The image plane.
  private image: { width: number; height: number } | null = null;
  private texture: THREE.DataTexture | null = null;
  private plane: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial> | null = null;

  // Every sample.
  private field: SamplingField | null = null;
  private readonly pointsMaterial: THREE.PointsMaterial;
  private points: THREE.Points<THREE.BufferGeometry, THREE.PointsMaterial> | null = null;
  private boundsDirty = true;

  // The selected pixel.
  private selected: OutputPixel | null = null;
  private readonly selection = new THREE.Group();
  private readonly selGeometry = new THREE.BufferGeometry();
  private readonly ghostGeometry = new THREE.BufferGeometry();
  private readonly lineGeometry = new THREE.BufferGeometry();
  private readonly baseGeometry = new THREE.BufferGeometry();
  private readonly selMaterials: THREE.Material[] = [];

  private heightMode: HeightMode;
  private view: PositionsView;
  /** 0 = initial positions, 1 = learned; animated towards the view's value. */
  private blend: number;
  private animation: { from: number; to: number; start: number } | null = null;

  private frame = 0;
  private hoverFrame = 0;
  private lastHover: PointerEvent | null = null;
  private down: { x: number; y: number; id: number } | null = null;
  private disposed = false;
  private readonly listeners: [string, EventListener][] = [];

  /** Creates a canvas inside `container` (which sets its size) and draws into it. Throws when WebGL is unavailable. */
  constructor(container: HTMLElement, options: OffsetsSceneOptions = {}) {
    this.container = container;
    this.options = options;
    this.heightMode = options.heightMode ?? 'index';
    this.view = options.view ?? 'learned';
    this.blend = this.view === 'learned' ? 1 : 0;

    this.canvas = document.createElement('canvas');
    this.canvas.style.display = 'block';
    this.canvas.style.width = '100%';
    this.canvas.style.height = '100%';
    this.canvas.style.touchAction = 'none';
    this.canvas.setAttribute('role', 'img');
    // Focusable so the keyboard can orbit, zoom and select (onKeyDown); the keys are in its description.
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('aria-description', VIEW_KEYS_HELP);
    this.canvas.setAttribute('aria-label', options.label ?? 'Learned sampling positions in 3D');
    this.renderer = new THREE.WebGLRenderer({ canvas: this.canvas, antialias: true, alpha: true });
    this.renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    this.renderer.setClearColor(0x000000, 0);

    try {
      this.camera = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
      this.controls = new OrbitControls(this.camera, this.canvas);
      this.controls.enableDamping = false; // damping needs a render loop
      this.controls.enablePan = false; // the URL keeps azimuth, elevation and distance only
      this.controls.minDistance = LIMITS.cameraDistance.min;
      this.controls.maxDistance = LIMITS.cameraDistance.max;
      this.controls.target.set(0, 0, 0);
      this.controls.addEventListener('change', this.onControlsChange);
      this.controls.addEventListener('end', this.onControlsEnd);
      this.applyCamera(options.camera ?? DEFAULT_SETTINGS.camera);

      this.disc = discTexture();
      this.pointsMaterial = new THREE.PointsMaterial({ size: 0.01, sizeAttenuation: true, vertexColors: true, map: this.disc, alphaTest: 0.5 });

      this.buildSelection();
      this.scene.add(this.selection);

      this.listen('pointerdown', (e) => this.onPointerDown(e as PointerEvent));
      this.listen('pointerup', (e) => this.onPointerUp(e as PointerEvent));
      this.listen('pointermove', (e) => this.onPointerMove(e as PointerEvent));
      this.listen('pointerleave', () => {
        this.lastHover = null;
        this.options.onHover?.(null);
      });
      this.listen('keydown', (e) => this.onKeyDown(e as KeyboardEvent));
      this.listen('webglcontextlost', (e) => e.preventDefault());
      this.listen('webglcontextrestored', () => this.requestRender());

    } catch (e) {
      // Give the context back at once rather than at garbage collection.
      if (this.frame) cancelAnimationFrame(this.frame);
      this.frame = 0;
      this.renderer.dispose();
      this.renderer.forceContextLoss();
      throw e;
    }
    container.appendChild(this.canvas);
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.resize());
    this.resizeObserver?.observe(container);
    this.resize();
  }

  /** Shows an image on the plane (a frame of the same size is updated in place). */
  setImage(image: SceneImage | null): void {
    if (this.disposed) return;
    if (!image) {
      this.removePlane();
      this.image = null;
      this.rebuildPositions();
      return;
    }
    if (image.data.length !== image.width * image.height * 3) throw new Error(`the image holds ${image.data.length} values, not ${image.width} x ${image.height} x 3`);
    const same = this.image && this.texture && this.image.width === image.width && this.image.height === image.height;
    if (same && this.texture) {
      packImage(image, this.texture.image.data as Uint8Array);
      this.texture.needsUpdate = true;
      this.requestRender();
      return;
    }
    this.removePlane();
    this.image = { width: image.width, height: image.height };
    const texture = new THREE.DataTexture(packImage(image), image.width, image.height, THREE.RGBAFormat, THREE.UnsignedByteType);
    texture.colorSpace = THREE.SRGBColorSpace;
    texture.magFilter = THREE.NearestFilter; // the network sees pixels: show them
    texture.minFilter = THREE.LinearFilter;
    texture.generateMipmaps = false;
    texture.needsUpdate = true;
    this.texture = texture;
    const s = this.frameOf().s;
    const geometry = new THREE.PlaneGeometry(image.width * s, image.height * s);
    geometry.rotateX(-Math.PI / 2);
    const material = new THREE.MeshBasicMaterial({ map: texture, side: THREE.DoubleSide });
    this.plane = new THREE.Mesh(geometry, material);
    this.plane.renderOrder = -1;
    this.scene.add(this.plane);
    this.rebuildPositions();
  }

  /** Shows a field's samples (null: none). Keeps the selection when it still fits. */
  setField(field: SamplingField | null): void {
    if (this.disposed) return;
    if (this.points) {
      this.scene.remove(this.points);
      this.points.geometry.dispose();
      this.points = null;
    }
    this.field = field;
    if (field) {
      const count = field.h * field.w * field.n;
      const geometry = new THREE.BufferGeometry();
      const position = new THREE.BufferAttribute(new Float32Array(count * 3), 3);
      position.setUsage(THREE.DynamicDrawUsage);
      geometry.setAttribute('position', position);
      const colors = new Float32Array(count * 3);
      const c = new THREE.Color();
      for (let j = 0; j < count; j++) {
        const [r, g, b] = offsetColor(field.stats.max > 0 ? (field.offset[j] as number) / field.stats.max : 0);
        c.setRGB(r, g, b, THREE.SRGBColorSpace);
        colors[j * 3] = c.r;
        colors[j * 3 + 1] = c.g;
        colors[j * 3 + 2] = c.b;
      }
      geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
      this.points = new THREE.Points(geometry, this.pointsMaterial);
      this.points.frustumCulled = false; // positions move; bounds are computed for picking only
      this.scene.add(this.points);
    }
    if (this.selected && (!field || this.selected[0] >= field.h || this.selected[1] >= field.w)) this.selected = null;
    this.rebuildPositions();
  }

  setHeightMode(mode: HeightMode): void {
    if (this.disposed || mode === this.heightMode) return;
    this.heightMode = mode;
    this.rebuildPositions();
  }

  /** Moves the points to the initial or learned positions, animated unless `animate` is false. */
  setView(view: PositionsView, animate = true): void {
    if (this.disposed || view === this.view) return;
    this.view = view;
    const to = view === 'learned' ? 1 : 0;
    if (!animate) {
      this.animation = null;
      this.blend = to;
      this.rebuildPositions();
      return;
    }
    this.animation = { from: this.blend, to, start: performance.now() };
    this.requestRender();
  }

  /** Highlights one output pixel's samples (null: none). */
  setSelected(pixel: OutputPixel | null): void {
    if (this.disposed) return;
    const f = this.field;
    const next = pixel && f && pixel[0] >= 0 && pixel[1] >= 0 && pixel[0] < f.h && pixel[1] < f.w ? ([pixel[0], pixel[1]] as OutputPixel) : null;
    if (next?.[0] === this.selected?.[0] && next?.[1] === this.selected?.[1]) return;
    this.selected = next;
    this.writeSelection();
    this.requestRender();
  }

  /** The camera now, rounded as the URL keeps it. */
  getCamera(): Camera {
    const offset = this.camera.position.clone().sub(this.controls.target);
    const s = new THREE.Spherical().setFromVector3(offset);
    return roundCamera({ azimuth: THREE.MathUtils.radToDeg(s.theta), elevation: 90 - THREE.MathUtils.radToDeg(s.phi), distance: s.radius });
  }

  /** Moves the camera (e.g. from the URL) without calling onCamera; a no-op when it is already there. */
  setCamera(camera: Camera): void {
    if (this.disposed || sameCamera(this.getCamera(), camera)) return;
    this.applyCamera(camera);
  }

  /** Arrows orbit, + / - zoom, Enter selects the centre output pixel, Home resets; each camera move calls onCamera. */
  private onKeyDown(e: KeyboardEvent): void {
    if (this.disposed || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Home') {
      e.preventDefault();
      this.resetCamera();
      return;
    }
    if (e.key === 'Enter') {
      if (!this.field) return;
      e.preventDefault();
      this.options.onSelect?.([Math.floor(this.field.h / 2), Math.floor(this.field.w / 2)]);
      return;
    }
    const next = cameraAfterKey(this.getCamera(), e.key);
    if (!next) return;
    e.preventDefault();
    this.applyCamera(next);
    this.options.onCamera?.(this.getCamera());
  }

  /** Back to the default view; calls onCamera. */
  resetCamera(): void {
    if (this.disposed) return;
    this.applyCamera(DEFAULT_SETTINGS.camera);
    this.options.onCamera?.(this.getCamera());
  }

  /** Fits the drawing buffer to the container (called by a ResizeObserver when there is one). */
  resize(): void {
    if (this.disposed) return;
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /**
   * The view as a PNG at `scale` device pixels per CSS pixel (2 by default,
   * whatever the screen's), on white. Renders once at that size, copies the
   * pixels before the task ends (the drawing buffer is not preserved), and
   * goes back to the screen's size.
   */
  snapshot(scale = 2): Promise<Blob> {
    if (this.disposed) return Promise.reject(new Error('the 3D view is closed'));
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    const ratio = this.renderer.getPixelRatio();
    const copy = document.createElement('canvas');
    try {
      this.renderer.setPixelRatio(scale);
      this.renderer.setSize(width, height, false);
      this.renderer.render(this.scene, this.camera);
      copy.width = this.canvas.width;
      copy.height = this.canvas.height;
      const ctx = copy.getContext('2d');
      if (!ctx) throw new Error('the browser gave no 2D canvas');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, copy.width, copy.height);
      ctx.drawImage(this.canvas, 0, 0);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    } finally {
      this.renderer.setPixelRatio(ratio);
      this.renderer.setSize(width, height, false);
      this.requestRender();
    }
    return canvasPng(copy);
  }

  /** Draws one frame at the next animation frame (at most one is pending). */
  requestRender(): void {
    if (this.disposed || this.frame) return;
    this.frame = requestAnimationFrame(this.renderFrame);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame);
    this.resizeObserver?.disconnect();
    for (const [type, fn] of this.listeners) this.canvas.removeEventListener(type, fn);
    this.controls.removeEventListener('change', this.onControlsChange);
    this.controls.removeEventListener('end', this.onControlsEnd);
    this.controls.dispose();
    this.removePlane();
    if (this.points) {
      this.points.geometry.dispose();
      this.scene.remove(this.points);
    }
    this.pointsMaterial.dispose();
    this.disc.dispose();
    for (const g of [this.selGeometry, this.ghostGeometry, this.lineGeometry, this.baseGeometry]) g.dispose();
    for (const m of this.selMaterials) m.dispose();
    this.scene.clear();
    this.renderer.renderLists.dispose();
    this.renderer.dispose();
    // The canvas is ours and leaves the page: give its context back now
    // rather than at garbage collection (browsers cap live WebGL contexts).
    this.renderer.forceContextLoss();
    this.canvas.remove();
  }

  // --- internals -----------------------------------------------------------

  private listen(type: string, fn: EventListener): void {
    this.canvas.addEventListener(type, fn);
    this.listeners.push([type, fn]);
  }

  private readonly onControlsChange = (): void => this.requestRender();

  private readonly onControlsEnd = (): void => {
    this.options.onCamera?.(this.getCamera());
  };

  private applyCamera(c: Camera): void {
    const r = roundCamera(c);
    const s = new THREE.Spherical(r.distance, THREE.MathUtils.degToRad(90 - r.elevation), THREE.MathUtils.degToRad(r.azimuth));
    s.makeSafe();
    this.camera.position.setFromSpherical(s).add(this.controls.target);
    this.camera.lookAt(this.controls.target);
    this.controls.update();
    this.requestRender();
  }

  /**
   * World units per image pixel (the image's long side is 1) and the image
   * point at the world origin (its centre). Without an image, the base grid's
   * extent stands in for it.
   */
  private frameOf(): { s: number; ox: number; oy: number } {
    if (this.image) {
      const s = 1 / Math.max(this.image.width, this.image.height);
      return { s, ox: this.image.width / 2, oy: this.image.height / 2 };
    }
    const f = this.field;
    if (!f) return { s: 1, ox: 0.5, oy: 0.5 };
    let extent = 0;
    for (let k = 0; k < f.baseX.length; k++) extent = Math.max(extent, f.baseX[k] as number, f.baseY[k] as number);
    const s = 1 / Math.max(1, extent + f.inputStride / 2);
    return { s, ox: 0.5 / s, oy: 0.5 / s };
  }

  /** Sample j's world position at blend t (0 initial, 1 learned). */
  private samplePosition(j: number, t: number, frame: { s: number; ox: number; oy: number }, out: THREE.Vector3): THREE.Vector3 {
    const f = this.field as SamplingField;
    const ix = f.initialX[j] as number;
    const iy = f.initialY[j] as number;
    const x = ix + ((f.learnedX[j] as number) - ix) * t;
    const y = iy + ((f.learnedY[j] as number) - iy) * t;
    const height =
      this.heightMode === 'index'
        ? (((j % f.n) + 1) / f.n) * STACK_HEIGHT
        : (f.stats.max > 0 ? (f.offset[j] as number) / f.stats.max : 0) * STACK_HEIGHT * t;
    return out.set((x - frame.ox) * frame.s, Number.isFinite(height) ? height : 0, (y - frame.oy) * frame.s);
  }

  private rebuildPositions(render = true): void {
    if (this.points && this.field) {
      const frame = this.frameOf();
      this.pointsMaterial.size = pointSize(this.field.inputStride * frame.s);
      const attr = this.points.geometry.getAttribute('position') as THREE.BufferAttribute;
      const array = attr.array as Float32Array;
      const t = easeInOut(this.blend);
      const v = new THREE.Vector3();
      const count = array.length / 3;
      for (let j = 0; j < count; j++) {
        this.samplePosition(j, t, frame, v);
        array[j * 3] = Number.isFinite(v.x) ? v.x : 0;
        array[j * 3 + 1] = v.y;
        array[j * 3 + 2] = Number.isFinite(v.z) ? v.z : 0;
      }
      attr.needsUpdate = true;
      this.boundsDirty = true;
    }
    this.writeSelection();
    if (render) this.requestRender();
  }

  private buildSelection(): void {
    const depth = { depthTest: false, depthWrite: false, transparent: true };
    const outline = new THREE.PointsMaterial({ size: SELECTED_PX + 4, sizeAttenuation: false, color: 0xffffff, map: this.disc, ...depth });
    const fill = new THREE.PointsMaterial({ size: SELECTED_PX, sizeAttenuation: false, vertexColors: true, map: this.disc, ...depth });
    const ghost = new THREE.PointsMaterial({ size: 7, sizeAttenuation: false, color: 0xbfc5cc, map: this.disc, opacity: 0.75, ...depth });
    const line = new THREE.LineBasicMaterial({ color: 0xffffff, opacity: 0.9, ...depth });
    const base = new THREE.PointsMaterial({ size: 9, sizeAttenuation: false, color: 0xff3b6b, map: this.disc, ...depth });
    this.selMaterials.push(outline, fill, ghost, line, base);
    const objects: THREE.Object3D[] = [
      new THREE.LineSegments(this.lineGeometry, line),
      new THREE.Points(this.ghostGeometry, ghost),
      new THREE.Points(this.selGeometry, outline),
      new THREE.Points(this.selGeometry, fill),
      new THREE.Points(this.baseGeometry, base),
    ];
    objects.forEach((o, i) => {
      o.renderOrder = 10 + i;
      o.frustumCulled = false;
      this.selection.add(o);
    });
  }

  private writeSelection(): void {
    const f = this.field;
    const sel = this.selected;
    this.selection.visible = !!(f && sel && this.points);
    if (!f || !sel || !this.points) return;
    const k = sel[0] * f.w + sel[1];
    const n = f.n;
    const t = easeInOut(this.blend);
    const v = new THREE.Vector3();
    const frame = this.frameOf();
    const base = new THREE.Vector3(((f.baseX[k] as number) - frame.ox) * frame.s, 0.002, ((f.baseY[k] as number) - frame.oy) * frame.s);
    const pos = new Float32Array(n * 3);
    const ghost = new Float32Array(n * 3);
    const lines = new Float32Array(n * 6);
    const colors = new Float32Array(n * 3);
    const pointColors = this.points.geometry.getAttribute('color') as THREE.BufferAttribute;
    for (let i = 0; i < n; i++) {
      const j = k * n + i;
      this.samplePosition(j, t, frame, v);
      pos.set([v.x, v.y, v.z], i * 3);
      lines.set([base.x, base.y, base.z, v.x, v.y, v.z], i * 6);
      this.samplePosition(j, 0, frame, v);
      ghost.set([v.x, v.y, v.z], i * 3);
      colors.set([pointColors.getX(j), pointColors.getY(j), pointColors.getZ(j)], i * 3);
    }
    const set = (g: THREE.BufferGeometry, name: string, data: Float32Array) => {
      const old = g.getAttribute(name) as THREE.BufferAttribute | undefined;
      if (old && old.array.length === data.length) {
        (old.array as Float32Array).set(data);
        old.needsUpdate = true;
      } else {
        g.setAttribute(name, new THREE.BufferAttribute(data, 3));
      }
    };
    set(this.selGeometry, 'position', pos);
    set(this.selGeometry, 'color', colors);
    set(this.ghostGeometry, 'position', ghost);
    set(this.lineGeometry, 'position', lines);
    set(this.baseGeometry, 'position', new Float32Array([base.x, base.y, base.z]));
    // Ghosts (initial positions) only where they differ from what is drawn.
    (this.selection.children[1] as THREE.Object3D).visible = t > 0.02;
  }

  private removePlane(): void {
    if (this.plane) {
      this.scene.remove(this.plane);
      this.plane.geometry.dispose();
      this.plane.material.dispose();
      this.plane = null;
    }
    this.texture?.dispose();
    this.texture = null;
  }

  private readonly renderFrame = (): void => {
    this.frame = 0;
    if (this.disposed) return;
    if (this.animation) {
      const a = this.animation;
      const u = Math.min(1, (performance.now() - a.start) / ANIMATION_MS);
      this.blend = a.from + (a.to - a.from) * u;
      if (u >= 1) this.animation = null;
      this.rebuildPositions(false);
      if (this.animation) this.requestRender();
    }
    this.renderer.render(this.scene, this.camera);
  };

  // --- picking ---------------------------------------------------------------

  private onPointerDown(e: PointerEvent): void {
    this.down = { x: e.clientX, y: e.clientY, id: e.pointerId };
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.down;
    this.down = null;
    if (!d || d.id !== e.pointerId || Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP_PX) return;
    const pixel = this.pick(e.clientX, e.clientY);
    if (pixel) this.options.onSelect?.(pixel);
  }

  private onPointerMove(e: PointerEvent): void {
    if (e.pointerType !== 'mouse' || e.buttons !== 0 || !this.options.onHover) return;
    this.lastHover = e;
    if (this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const h = this.lastHover;
      if (!h || this.disposed) return;
      this.options.onHover?.(this.pick(h.clientX, h.clientY));
    });
  }

  /** The output pixel at a client point: a sample's point if one is under it, else the image under it. */
  pick(clientX: number, clientY: number): OutputPixel | null {
    const f = this.field;
    if (!f || this.disposed) return null;
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    const ndc = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(ndc, this.camera);
    const frame = this.frameOf();
    const s = frame.s;
    if (this.points) {
      if (this.boundsDirty) {
        this.points.geometry.computeBoundingSphere();
        this.boundsDirty = false;
      }
      // About a third of a cell, in world units, but at least a few screen pixels at this distance.
      const perPixel = (2 * Math.tan(THREE.MathUtils.degToRad(this.camera.fov / 2)) * this.camera.position.length()) / rect.height;
      this.raycaster.params.Points.threshold = Math.max(0.35 * f.inputStride * s, 4 * perPixel);
      let best: THREE.Intersection | null = null;
      for (const hit of this.raycaster.intersectObject(this.points, false)) {
        if (hit.index === undefined) continue;
        if (!best || (hit.distanceToRay ?? Infinity) < (best.distanceToRay ?? Infinity)) best = hit;
      }
      if (best?.index !== undefined) {
        const k = Math.floor(best.index / f.n);
        return [Math.floor(k / f.w), k % f.w];
      }
    }
    if (this.plane) {
      const hit = this.raycaster.intersectObject(this.plane, false)[0];
      if (hit) {
        return pixelAt(f, hit.point.x / s + frame.ox, hit.point.z / s + frame.oy);
      }
    }
    return null;
  }
}
