/**
 * The bundled sample photos (files in `public/samples/`), in the order of the
 * Sample photo picker and of the link's `sample=` index. Their sizes are here
 * so that the frame has its final aspect from the first paint, before the
 * photo has downloaded (a frame that grew when the photo arrived pushed the
 * page down: cumulative layout shift 0.17).
 */
export interface SamplePhoto {
  file: string;
  title: string;
  credit: string;
  width: number;
  height: number;
}

const COCO_CREDIT = (id: number) => `COCO 2017 val image ${id} (Flickr; license as listed in the COCO annotations)`;

export const SAMPLE_PHOTOS: readonly SamplePhoto[] = [
  { file: '000000000885.jpg', title: 'Tennis', credit: COCO_CREDIT(885), width: 640, height: 427 },
  { file: '000000001000.jpg', title: 'Group photo', credit: COCO_CREDIT(1000), width: 640, height: 480 },
  { file: '000000002153.jpg', title: 'Baseball', credit: COCO_CREDIT(2153), width: 640, height: 480 },
  { file: '000000000785.jpg', title: 'Skiing', credit: COCO_CREDIT(785), width: 640, height: 425 },
];
