/** The models served from public/models (see README's model card): plain data, so the page can list them without loading tfjs. */
import type { ModelId } from '../common';

export interface BundledModel {
  id: Exclude<ModelId, 'custom'>;
  label: string;
  file: string;
  description: string;
}

/** The models served from public/models (see README's model card). */
export const BUNDLED_MODELS: BundledModel[] = [
  { id: 'akconv-ij', label: 'YOLOv5n-C3_AKConv (ij)', file: 'yolov5n-c3akconv-ij.safetensors', description: 'YOLOv5n with a distilled C3_AKConv at layer 8, official AKConv grid' },
  { id: 'akconv-xy', label: "YOLOv5n-C3_AKConv (xy, the seed's grid)", file: 'yolov5n-c3akconv-xy.safetensors', description: "the same, trained with the seed's transposed/scrambled grid" },
  { id: 'yolov5n', label: 'YOLOv5n (teacher)', file: 'yolov5n.safetensors', description: 'the official YOLOv5n COCO weights' },
];
