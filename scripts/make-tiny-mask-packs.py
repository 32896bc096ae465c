#!/usr/bin/python3
"""Builds the two tiny random-weight mask packs the tests run through transformers.js:

test/fixtures/birefnet-tiny: the layout of onnx-community/BiRefNet_lite-ONNX
  config.json (model_type birefnet), preprocessor_config.json (ViTFeatureExtractor,
  ImageNet mean/std, 1024x1024) and
  onnx/model.onnx  input_image f32 [batch, 3, H, W] -> output_image f32 [batch, 1, H, W] (logits)

test/fixtures/slimsam-tiny: the layout of Xenova/slimsam-77-uniform (revision points-and-boxes)
  config.json (model_type sam), preprocessor_config.json (SamImageProcessor, longest edge 1024,
  padded to 1024x1024) and
  onnx/vision_encoder.onnx  pixel_values f32 [batch, 3, 1024, 1024]
                            -> image_embeddings, image_positional_embeddings f32 [batch, 256, 64, 64]
  onnx/prompt_encoder_mask_decoder.onnx
                            image_embeddings, image_positional_embeddings, input_points f32 [b, p, n, 2],
                            input_labels i64 [b, p, n], input_boxes f32 [b, p, 4]
                            -> iou_scores f32 [b, p, 3], pred_masks f32 [b, p, 3, 256, 256]

The packs live under test/fixtures, not models/: a pack in models/ is found by every run, and a random
BiRefNet would then make everyone's cut-outs. Weights are random (fixed seed), so BiRefNet's masks mean
nothing. The SAM decoder is random too, except that each mask's logits get a plus inside the prompt box
and a minus outside it (and BiRefNet's inside a central ellipse): that is what lets tests check that box coordinates go through the processor's
1024 scale, the 256x256 masks and the crop back to the photo correctly. Run with Debian's python3 +
python3-torch + python3-onnx; the outputs are committed so CI never needs torch:

    /usr/bin/python3 scripts/make-tiny-mask-packs.py
"""
import hashlib
import json
import os

import torch
import torch.nn.functional as F
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures')
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def write_json(path, value):
    with open(path, 'w') as f:
        json.dump(value, f, indent=2)
        f.write('\n')


class TinyBiRefNet(nn.Module):
    """A 16-px patch encoder and a 1x1 head, upsampled back to the input: logits, as the real export gives.
    A central ellipse is added to the random logits, so the mask is never empty (the runner treats an empty
    subject mask as a failure) and tests can tell a mask at the photo's size from a shifted or squashed one."""

    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, 8, kernel_size=16, stride=16)
        self.mix = nn.Conv2d(8, 8, kernel_size=3, padding=1)
        self.head = nn.Conv2d(8, 1, kernel_size=1)

    def forward(self, input_image):
        height, width = input_image.shape[2], input_image.shape[3]
        x = torch.relu(self.patch(input_image))
        x = torch.relu(self.mix(x))
        x = self.head(x)
        x = F.interpolate(x, size=(height, width), mode='bilinear', align_corners=False)
        ys = (torch.arange(height, dtype=torch.float32) + 0.5) / height - 0.5
        xs = (torch.arange(width, dtype=torch.float32) + 0.5) / width - 0.5
        inside = ((ys.view(height, 1) / 0.35) ** 2 + (xs.view(1, width) / 0.25) ** 2 <= 1.0).float()
        return x * 0.5 + (inside * 2.0 - 1.0) * 8.0


class TinySamVisionEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, 8, kernel_size=16, stride=16)
        self.embed = nn.Conv2d(8, 256, kernel_size=1)
        # Positional embeddings from the 64x64 grid's coordinates (a stored table would be 4 MB).
        self.position = nn.Conv2d(2, 256, kernel_size=1)

    def forward(self, pixel_values):
        x = self.embed(torch.relu(self.patch(pixel_values)))
        ramp = (torch.arange(64, dtype=torch.float32) + 0.5) / 64.0
        grid = torch.stack([ramp.view(1, 64).expand(64, 64), ramp.view(64, 1).expand(64, 64)]).unsqueeze(0)
        return x, torch.sin(self.position(grid) * 6.0).expand(x.shape[0], -1, -1, -1)


class TinySamDecoder(nn.Module):
    """Random logits from the embeddings, pushed up inside the prompt box (1024-pixel coordinates)."""

    def __init__(self):
        super().__init__()
        self.masks = nn.Conv2d(256, 3, kernel_size=1)
        self.points = nn.Linear(3, 3)
        self.iou = nn.Linear(256, 3)

    def forward(self, image_embeddings, image_positional_embeddings, input_points, input_labels, input_boxes):
        x = image_embeddings + image_positional_embeddings
        logits = self.masks(x)  # [b, 3, 64, 64]
        logits = F.interpolate(logits, size=(256, 256), mode='bilinear', align_corners=False)
        # Each of the 256 mask cells covers 4x4 pixels of the 1024x1024 model input.
        centres = (torch.arange(256, dtype=torch.float32) + 0.5) * 4.0
        x1 = input_boxes[..., 0].unsqueeze(-1).unsqueeze(-1)  # [b, p, 1, 1]
        y1 = input_boxes[..., 1].unsqueeze(-1).unsqueeze(-1)
        x2 = input_boxes[..., 2].unsqueeze(-1).unsqueeze(-1)
        y2 = input_boxes[..., 3].unsqueeze(-1).unsqueeze(-1)
        inside_x = ((centres.view(1, 1, 1, 256) >= x1) & (centres.view(1, 1, 1, 256) <= x2)).float()
        inside_y = ((centres.view(1, 1, 256, 1) >= y1) & (centres.view(1, 1, 256, 1) <= y2)).float()
        inside = inside_x * inside_y  # [b, p, 256, 256]
        # Points only nudge the scores (real SAM embeds them; here they must merely be read).
        labels = input_labels.float().unsqueeze(-1)
        point_feature = torch.cat([input_points / 1024.0, labels], dim=-1).mean(dim=2)  # [b, p, 3]
        pred_masks = logits.unsqueeze(1) * 0.5 + (inside.unsqueeze(2) * 2.0 - 1.0) * 8.0  # [b, p, 3, 256, 256]
        pooled = image_embeddings.mean(dim=(2, 3))  # [b, 256]
        iou_scores = torch.sigmoid(self.iou(pooled).unsqueeze(1) + self.points(point_feature))  # [b, p, 3]
        return iou_scores, pred_masks


def export(model, args, path, input_names, output_names, dynamic_axes):
    torch.onnx.export(
        model,
        args,
        path,
        input_names=input_names,
        output_names=output_names,
        dynamic_axes=dynamic_axes,
        opset_version=14,
    )


def write_manifest(out, name, architecture, description, source, roles):
    """manifest.json with each file's sha256 and size, as `scanline models pull` writes them."""
    files = {}
    for role, path in roles.items():
        with open(os.path.join(out, path), 'rb') as f:
            data = f.read()
        files[role] = {'path': path, 'sha256': hashlib.sha256(data).hexdigest(), 'bytes': len(data)}
    write_json(os.path.join(out, 'manifest.json'), {
        'name': name,
        'version': '0.0.1',
        'description': description,
        'tasks': ['segment'],
        'architecture': architecture,
        'files': files,
        'license': 'MIT',
        'source': source,
    })


def birefnet():
    out = os.path.join(ROOT, 'birefnet-tiny')
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    export(
        TinyBiRefNet().eval(),
        (torch.randn(1, 3, 64, 64),),
        os.path.join(out, 'onnx', 'model.onnx'),
        ['input_image'],
        ['output_image'],
        {'input_image': {0: 'batch_size', 2: 'height', 3: 'width'},
         'output_image': {0: 'batch_size', 2: 'height', 3: 'width'}},
    )
    write_json(os.path.join(out, 'config.json'), {'model_type': 'birefnet'})
    # The real export's preprocessor_config.json (https://huggingface.co/onnx-community/BiRefNet_lite-ONNX).
    write_json(os.path.join(out, 'preprocessor_config.json'), {
        'do_normalize': True,
        'do_rescale': True,
        'do_resize': True,
        'feature_extractor_type': 'ViTFeatureExtractor',
        'image_mean': IMAGENET_MEAN,
        'image_processor_type': 'ViTFeatureExtractor',
        'image_std': IMAGENET_STD,
        'resample': 2,
        'rescale_factor': 1 / 255,
        'size': {'height': 1024, 'width': 1024},
    })
    write_manifest(
        out,
        'birefnet-tiny',
        'birefnet',
        'Random-weight test stand-in for BiRefNet_lite (onnx-community/BiRefNet_lite-ONNX layout); its masks mean nothing',
        'scripts/make-tiny-mask-packs.py (random weights, seed 15)',
        {'config': 'config.json', 'preprocessor_config': 'preprocessor_config.json', 'model': 'onnx/model.onnx'},
    )


def slimsam():
    out = os.path.join(ROOT, 'slimsam-tiny')
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    export(
        TinySamVisionEncoder().eval(),
        (torch.randn(1, 3, 1024, 1024),),
        os.path.join(out, 'onnx', 'vision_encoder.onnx'),
        ['pixel_values'],
        ['image_embeddings', 'image_positional_embeddings'],
        {'pixel_values': {0: 'batch_size'},
         'image_embeddings': {0: 'batch_size'},
         'image_positional_embeddings': {0: 'batch_size'}},
    )
    export(
        TinySamDecoder().eval(),
        (
            torch.randn(1, 256, 64, 64),
            torch.randn(1, 256, 64, 64),
            torch.rand(1, 1, 1, 2) * 1024,
            torch.ones(1, 1, 1, dtype=torch.int64),
            torch.tensor([[[100.0, 100.0, 500.0, 600.0]]]),
        ),
        os.path.join(out, 'onnx', 'prompt_encoder_mask_decoder.onnx'),
        ['image_embeddings', 'image_positional_embeddings', 'input_points', 'input_labels', 'input_boxes'],
        ['iou_scores', 'pred_masks'],
        {'image_embeddings': {0: 'batch_size'},
         'image_positional_embeddings': {0: 'batch_size'},
         'input_points': {0: 'batch_size', 1: 'point_batch_size', 2: 'num_points'},
         'input_labels': {0: 'batch_size', 1: 'point_batch_size', 2: 'num_points'},
         'input_boxes': {0: 'batch_size', 1: 'num_boxes'},
         'iou_scores': {0: 'batch_size', 1: 'point_batch_size'},
         'pred_masks': {0: 'batch_size', 1: 'point_batch_size'}},
    )
    # The config of https://huggingface.co/Xenova/slimsam-77-uniform (SlimSAM-77's pruned ViT widths).
    write_json(os.path.join(out, 'config.json'), {
        'architectures': ['SamModel'],
        'initializer_range': 0.02,
        'mask_decoder_config': {'model_type': ''},
        'model_type': 'sam',
        'prompt_encoder_config': {'model_type': ''},
        'vision_config': {'hidden_size': 168, 'mlp_dim': 696, 'model_type': ''},
    })
    write_json(os.path.join(out, 'preprocessor_config.json'), {
        'do_convert_rgb': True,
        'do_normalize': True,
        'do_pad': True,
        'do_rescale': True,
        'do_resize': True,
        'image_mean': IMAGENET_MEAN,
        'image_processor_type': 'SamImageProcessor',
        'image_std': IMAGENET_STD,
        'pad_size': {'height': 1024, 'width': 1024},
        'processor_class': 'SamProcessor',
        'resample': 2,
        'rescale_factor': 1 / 255,
        'size': {'longest_edge': 1024},
    })
    write_manifest(
        out,
        'slimsam-tiny',
        'sam',
        'Random-weight test stand-in for SlimSAM-77 (Xenova/slimsam-77-uniform layout); its masks are the prompt box',
        'scripts/make-tiny-mask-packs.py (random weights, seed 15)',
        {
            'config': 'config.json',
            'preprocessor_config': 'preprocessor_config.json',
            'vision_encoder': 'onnx/vision_encoder.onnx',
            'prompt_encoder_mask_decoder': 'onnx/prompt_encoder_mask_decoder.onnx',
        },
    )


def main():
    torch.manual_seed(15)
    birefnet()
    slimsam()


if __name__ == '__main__':
    main()
