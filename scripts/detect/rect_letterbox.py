"""YOLOv5's letterbox as val.py's rectangular batches call it, shared by the
scripts that port val.py (make_cli.py's goldens, val_reference.py's run)."""
import cv2


def rect_letterbox(im, new_shape, color=(114, 114, 114)):
    """augmentations.py letterbox with auto=False, scaleup=False (val.py's rect batches)."""
    shape = im.shape[:2]
    r = min(min(new_shape[0] / shape[0], new_shape[1] / shape[1]), 1.0)
    new_unpad = int(round(shape[1] * r)), int(round(shape[0] * r))
    dw, dh = (new_shape[1] - new_unpad[0]) / 2, (new_shape[0] - new_unpad[1]) / 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    return cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=color), (dw, dh)
