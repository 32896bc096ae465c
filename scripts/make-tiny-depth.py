"""Writes test/fixtures/depth-tiny: a random-weight stand-in for the
Depth-Anything-V2-Small ONNX export (onnx-community/depth-anything-v2-small)
with the same input and output: `pixel_values` f32 [batch, 3, height, width]
(height and width multiples of 14) -> `predicted_depth` f32 [batch, height, width].
Its maps mean nothing; it exists so the depth runner's loading, pre- and
post-processing run in tests. Run with Debian's python3 + python3-torch:

    /usr/bin/python3 scripts/make-tiny-depth.py
"""
import json
import os

import torch
import torch.nn.functional as F
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'depth-tiny')


class TinyDepth(nn.Module):
    def __init__(self):
        super().__init__()
        # 14 px patches, as DINOv2 ViT-S/14 sees the image.
        self.patch = nn.Conv2d(3, 8, kernel_size=14, stride=14)
        self.mix = nn.Conv2d(8, 8, kernel_size=3, padding=1)
        self.head = nn.Conv2d(8, 1, kernel_size=1)

    def forward(self, pixel_values):
        height, width = pixel_values.shape[2], pixel_values.shape[3]
        x = torch.relu(self.patch(pixel_values))
        x = torch.relu(self.mix(x))
        x = self.head(x)
        x = F.interpolate(x, size=(height, width), mode='bilinear', align_corners=True)
        # The real head ends in a ReLU: relative inverse depth is never negative.
        return F.softplus(x).squeeze(1)


def main():
    torch.manual_seed(7)
    os.makedirs(os.path.join(OUT, 'onnx'), exist_ok=True)
    model = TinyDepth().eval()
    example = torch.randn(1, 3, 56, 70)
    torch.onnx.export(
        model,
        (example,),
        os.path.join(OUT, 'onnx', 'model.onnx'),
        input_names=['pixel_values'],
        output_names=['predicted_depth'],
        dynamic_axes={'pixel_values': {0: 'batch_size', 2: 'height', 3: 'width'},
                      'predicted_depth': {0: 'batch_size', 1: 'height', 2: 'width'}},
        opset_version=14,
    )
    # The real export's preprocessor settings (DPTImageProcessor).
    preprocessor = {
        'do_normalize': True,
        'do_pad': False,
        'do_rescale': True,
        'do_resize': True,
        'ensure_multiple_of': 14,
        'image_mean': [0.485, 0.456, 0.406],
        'image_processor_type': 'DPTImageProcessor',
        'image_std': [0.229, 0.224, 0.225],
        'keep_aspect_ratio': True,
        'resample': 3,
        'rescale_factor': 0.00392156862745098,
        'size': {'height': 518, 'width': 518},
        'size_divisor': None,
    }
    with open(os.path.join(OUT, 'preprocessor_config.json'), 'w') as f:
        json.dump(preprocessor, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
