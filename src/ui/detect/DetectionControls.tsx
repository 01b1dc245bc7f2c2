/** Confidence, IoU, max boxes, input size and the class filter. */
import { LIMITS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { useEngine } from '../app-context';
import { ClassFilter } from './ClassFilter';

function Slider({ id, label, value, min, max, step, onChange }: { id: string; label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void }) {
  return (
    <label htmlFor={id} className="slider">
      <span>{label} <output htmlFor={id}>{value}</output></span>
      <input id={id} type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

const NO_NAMES: string[] = [];

export function DetectionControls() {
  const s = useAppStore((st) => st.settings);
  const names = useEngine((e) => e.main?.names) ?? NO_NAMES;
  const update = useAppStore((st) => st.update);
  return (
    <div className="controls" role="group" aria-label="Detection settings">
      <Slider id="conf" label="Confidence" value={s.conf} min={LIMITS.conf.min} max={LIMITS.conf.max} step={0.01} onChange={(conf) => update({ conf })} />
      <Slider id="iou" label="IoU" value={s.iou} min={LIMITS.iou.min} max={LIMITS.iou.max} step={0.01} onChange={(iou) => update({ iou })} />
      <Slider id="maxdet" label="Max boxes" value={s.maxDet} min={LIMITS.maxDet.min} max={LIMITS.maxDet.max} step={1} onChange={(maxDet) => update({ maxDet })} />
      <Slider id="imgsz" label="Input size" value={s.imageSize} min={LIMITS.imageSize.min} max={LIMITS.imageSize.max} step={LIMITS.imageSize.step} onChange={(imageSize) => update({ imageSize })} />
      <ClassFilter names={names} />
    </div>
  );
}
