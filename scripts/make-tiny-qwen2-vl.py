#!/usr/bin/python3
"""Builds the tiny random-weight Qwen2-VL pack used by tests and `npm start` (models/qwen2-vl-tiny).

The pack copies the layout of the public `onnx-community/Qwen2-VL-2B-Instruct`
export: config.json (model_type qwen2_vl), generation_config.json,
preprocessor_config.json, tokenizer files with Qwen2-VL's special tokens and
chat template, and the three sessions transformers.js opens for
Qwen2VLForConditionalGeneration, with its input/output names and dynamic axes:

  onnx/embed_tokens.onnx          input_ids -> inputs_embeds
  onnx/vision_encoder.onnx        pixel_values [patches, 1176], grid_thw [images, 3] -> image_features
  onnx/decoder_model_merged.onnx  inputs_embeds, attention_mask, position_ids [3, batch, seq] (M-RoPE),
                                  past_key_values.N.key/value -> logits, present.N.key/value

Weights are random (fixed seed): the answers mean nothing. Needs Debian's
python3-torch and python3-onnx (run with /usr/bin/python3). The outputs are
committed so CI never needs torch.
"""

import argparse
import importlib.util
import json
import os
import shutil

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def janus_script():
    """The byte-level BPE trainer and file helpers of make-tiny-janus.py (one copy of them in the repo)."""
    spec = importlib.util.spec_from_file_location("make_tiny_janus", os.path.join(HERE, "make-tiny-janus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


J = janus_script()

P = {
    "name": "qwen2-vl-tiny",
    "out": "models/qwen2-vl-tiny",
    "seed": 2024,
    "hidden": 64,
    "layers": 2,
    "heads": 4,
    "kv_heads": 2,
    "head_dim": 16,
    "intermediate": 128,
    "mrope_section": [2, 3, 3],  # sums to head_dim / 2, as [16, 24, 24] does for 128
    "merges": 600,
    "vision_dim": 32,
    "patch": 14,
    "temporal_patch": 2,
    "merge": 2,
    # 112x112 at most: 8x8 patches, 16 image tokens, so a test run stays fast.
    "min_pixels": 56 * 56,
    "max_pixels": 112 * 112,
}

# Qwen2-VL's added tokens, in the published order.
SPECIALS = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|object_ref_start|>",
    "<|object_ref_end|>",
    "<|box_start|>",
    "<|box_end|>",
    "<|quad_start|>",
    "<|quad_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<|image_pad|>",
    "<|video_pad|>",
]

CORPUS = """
You are a helpful assistant. user assistant system
what is in this picture? describe the image. what breed is this dog? where is the red car? find the dog.
a photo of a cat on a sofa. the quick brown fox jumps over the lazy dog. read the text on the sign.
how many people are in the photo? what color is the umbrella? the giraffe's head. a red umbrella.
(120,340),(560,880) (0,0),(1000,1000) 0 1 2 3 4 5 6 7 8 9 10 100 1000 , ( )
这张图片里有什么？请描述这张图片。狗在哪里？红色的车在哪里？
"""

# Qwen2-VL's chat template (the published one): a default system turn, images as
# <|vision_start|><|image_pad|><|vision_end|>, and "<|im_start|>assistant\n" to answer.
CHAT_TEMPLATE = (
    "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}"
    "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
    "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n"
    "{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
    "{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}Picture {{ image_count.value }}: {% endif %}"
    "<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif content['type'] == 'video' or 'video' in content %}"
    "{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}"
    "<|vision_start|><|video_pad|><|vision_end|>"
    "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

# Qwen2's pre-tokenizer split (contractions, letters, single digits, punctuation, spaces).
SPLIT_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)


def tokenizer_files():
    vocab_list, merges = J.train_bpe(CORPUS, P["merges"])
    vocab = {}
    for token in vocab_list:
        if token not in vocab:
            vocab[token] = len(vocab)
    added = [
        {"id": len(vocab) + i, "content": c, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
        for i, c in enumerate(SPECIALS)
    ]
    ids = {a["content"]: a["id"] for a in added}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": SPLIT_PATTERN}, "behavior": "Isolated", "invert": False},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
            ],
        },
        "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }
    tokenizer_config = {
        "add_prefix_space": False,
        "added_tokens_decoder": {
            str(a["id"]): {k: a[k] for k in ("content", "lstrip", "normalized", "rstrip", "single_word", "special")} for a in added
        },
        "additional_special_tokens": ["<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>", "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"],
        "bos_token": None,
        "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>",
        "errors": "replace",
        "model_max_length": 32768,
        "pad_token": "<|endoftext|>",
        "padding_side": "left",
        "processor_class": "Qwen2VLProcessor",
        "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer",
        "unk_token": None,
    }
    return tokenizer, tokenizer_config, vocab, merges, ids, len(vocab) + len(added)


class Rms(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.weight


class EmbedTokens(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embed = nn.Embedding(vocab, P["hidden"])

    def forward(self, input_ids):
        return self.embed(input_ids)


class VisionEncoder(nn.Module):
    """Patches -> one block of self-attention -> 2x2 merge -> text width, as Qwen2-VL's ViT and merger shape it."""

    def __init__(self):
        super().__init__()
        d = P["vision_dim"]
        self.patch_embed = nn.Linear(3 * P["temporal_patch"] * P["patch"] ** 2, d, bias=False)
        self.grid_embed = nn.Linear(3, d)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.ln_q = nn.LayerNorm(d)
        group = d * P["merge"] ** 2
        self.merger = nn.Sequential(nn.Linear(group, group), nn.GELU(), nn.Linear(group, P["hidden"]))

    def forward(self, pixel_values, grid_thw):
        x = self.patch_embed(pixel_values)
        # The grid's size conditions every patch (the real tower uses it for its 2-D rotary positions).
        x = x + self.grid_embed(grid_thw.float().mean(0) / 64.0)
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        attn = torch.softmax(q @ k.transpose(0, 1) / (q.shape[-1] ** 0.5), dim=-1)
        x = x + self.proj(attn @ v)
        x = x + self.mlp(self.norm2(x))
        # The processor orders patches so each 2x2 merge group is 4 consecutive rows.
        x = self.ln_q(x).reshape(-1, P["vision_dim"] * P["merge"] ** 2)
        return self.merger(x)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        h, n, kv, d = P["hidden"], P["heads"], P["kv_heads"], P["head_dim"]
        self.heads, self.kv_heads, self.head_dim = n, kv, d
        self.norm1, self.norm2 = Rms(h), Rms(h)
        self.q, self.k, self.v = nn.Linear(h, n * d), nn.Linear(h, kv * d), nn.Linear(h, kv * d)
        self.o = nn.Linear(n * d, h, bias=False)
        self.gate = nn.Linear(h, P["intermediate"], bias=False)
        self.up = nn.Linear(h, P["intermediate"], bias=False)
        self.down = nn.Linear(P["intermediate"], h, bias=False)

    def forward(self, x, cos, sin, allowed, past_k, past_v):
        b, s, _ = x.shape
        y = self.norm1(x)
        q = self.q(y).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(y).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v(y).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        group = self.heads // self.kv_heads
        # Each kv head serves `group` query heads (GQA); expand + reshape exports with dynamic shapes.
        kk = k.unsqueeze(2).expand(-1, -1, group, -1, -1).reshape(b, self.heads, -1, self.head_dim)
        vv = v.unsqueeze(2).expand(-1, -1, group, -1, -1).reshape(b, self.heads, -1, self.head_dim)
        scores = torch.matmul(q, kk.transpose(2, 3)) / (self.head_dim**0.5)
        scores = torch.where(allowed, scores, torch.full_like(scores, -1e9))
        attn = torch.matmul(torch.softmax(scores, dim=-1), vv)
        x = x + self.o(attn.transpose(1, 2).reshape(b, s, self.heads * self.head_dim))
        y = self.norm2(x)
        x = x + self.down(F.silu(self.gate(y)) * self.up(y))
        return x, k, v


class Decoder(nn.Module):
    """Qwen2 decoder with multimodal RoPE: position_ids [3, batch, seq] give t/h/w positions per rotary section."""

    def __init__(self, vocab, special_ids):
        super().__init__()
        self.layers = nn.ModuleList([Layer() for _ in range(P["layers"])])
        self.norm = Rms(P["hidden"])
        self.lm_head = nn.Linear(P["hidden"], vocab, bias=False)
        # Special tokens never win greedy decoding, so the test pack always answers with some text.
        with torch.no_grad():
            self.lm_head.weight[special_ids] = 0.0
            self.lm_head.weight[: special_ids[0]] += 0.05
        half = P["head_dim"] // 2
        self.register_buffer("inv_freq", 1.0 / (1000000.0 ** (torch.arange(0, half, dtype=torch.float32) / half)))
        section = torch.zeros(half, dtype=torch.long)
        a, b, _ = P["mrope_section"]
        section[a : a + b] = 1
        section[a + b :] = 2
        self.register_buffer("section", section)

    def forward(self, inputs_embeds, attention_mask, position_ids, *past):
        s = inputs_embeds.shape[1]
        total = attention_mask.shape[1]
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq  # [3, b, s, half]
        picked = torch.gather(freqs, 0, self.section.view(1, 1, 1, -1).expand(1, freqs.shape[1], freqs.shape[2], -1))[0]
        emb = torch.cat([picked, picked], dim=-1).unsqueeze(1)
        cos, sin = emb.cos(), emb.sin()
        q_pos = torch.arange(s).unsqueeze(1) + (total - s)
        k_pos = torch.arange(total).unsqueeze(0)
        causal = (k_pos <= q_pos).unsqueeze(0).unsqueeze(0)
        allowed = causal & (attention_mask > 0).unsqueeze(1).unsqueeze(1)
        x = inputs_embeds
        presents = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, allowed, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        return (self.lm_head(self.norm(x)), *presents)


def export(module, args, path, input_names, output_names, dynamic_axes):
    torch.onnx.export(
        module,
        args,
        path,
        input_names=input_names,
        output_names=output_names,
        dynamic_axes=dynamic_axes,
        opset_version=J.OPSET,
        do_constant_folding=True,
    )


def build(root):
    torch.manual_seed(P["seed"])
    out = os.path.join(root, P["out"])
    if os.path.isdir(out):
        shutil.rmtree(out)
    onnx_dir = os.path.join(out, "onnx")
    os.makedirs(onnx_dir)

    tokenizer, tokenizer_config, vocab, merges, ids, vocab_size = tokenizer_files()
    h, L = P["hidden"], P["layers"]
    config = {
        "architectures": ["Qwen2VLForConditionalGeneration"],
        "attention_dropout": 0.0,
        "bos_token_id": ids["<|endoftext|>"],
        "eos_token_id": ids["<|im_end|>"],
        "hidden_act": "silu",
        "hidden_size": h,
        "image_token_id": ids["<|image_pad|>"],
        "initializer_range": 0.02,
        "intermediate_size": P["intermediate"],
        "max_position_embeddings": 32768,
        "max_window_layers": L,
        "model_type": "qwen2_vl",
        "num_attention_heads": P["heads"],
        "num_hidden_layers": L,
        "num_key_value_heads": P["kv_heads"],
        "rms_norm_eps": 1e-06,
        "rope_scaling": {"mrope_section": P["mrope_section"], "rope_type": "default", "type": "default"},
        "rope_theta": 1000000.0,
        "sliding_window": 32768,
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
        "use_cache": True,
        "use_sliding_window": False,
        "video_token_id": ids["<|video_pad|>"],
        "vision_config": {
            "depth": 1,
            "embed_dim": P["vision_dim"],
            "hidden_size": h,
            "in_chans": 3,
            "mlp_ratio": 2,
            "num_heads": 1,
            "patch_size": P["patch"],
            "spatial_merge_size": P["merge"],
            "temporal_patch_size": P["temporal_patch"],
        },
        "vision_end_token_id": ids["<|vision_end|>"],
        "vision_start_token_id": ids["<|vision_start|>"],
        "vision_token_id": ids["<|vision_pad|>"],
        "vocab_size": vocab_size,
        "transformers.js_config": {"dtype": "fp32", "kv_cache_dtype": {"fp32": "float32"}},
    }
    generation = {
        "bos_token_id": ids["<|endoftext|>"],
        "do_sample": True,
        "eos_token_id": [ids["<|im_end|>"], ids["<|endoftext|>"]],
        "pad_token_id": ids["<|endoftext|>"],
        "repetition_penalty": 1.0,
        "temperature": 0.01,
        "top_k": 1,
        "top_p": 0.001,
    }
    preprocessor = {
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_processor_type": "Qwen2VLImageProcessor",
        "image_std": [0.26862954, 0.26130258, 0.27577711],
        "max_pixels": P["max_pixels"],
        "merge_size": P["merge"],
        "min_pixels": P["min_pixels"],
        "patch_size": P["patch"],
        "processor_class": "Qwen2VLProcessor",
        "resample": 3,
        "rescale_factor": 1 / 255,
        "size": {"max_pixels": P["max_pixels"], "min_pixels": P["min_pixels"]},
        "temporal_patch_size": P["temporal_patch"],
    }
    J.write_json(os.path.join(out, "config.json"), config)
    J.write_json(os.path.join(out, "generation_config.json"), generation)
    J.write_json(os.path.join(out, "preprocessor_config.json"), preprocessor)
    J.write_json(os.path.join(out, "tokenizer.json"), tokenizer)
    J.write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config)
    J.write_json(os.path.join(out, "chat_template.json"), {"chat_template": CHAT_TEMPLATE})
    J.write_json(os.path.join(out, "added_tokens.json"), {c: ids[c] for c in sorted(ids)})
    J.write_json(os.path.join(out, "vocab.json"), vocab)
    with open(os.path.join(out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))

    specials = [ids[c] for c in SPECIALS]
    with torch.no_grad():
        seq = {0: "batch_size", 1: "sequence_length"}
        export(EmbedTokens(vocab_size).eval(), (torch.randint(0, vocab_size, (2, 5)),), os.path.join(onnx_dir, "embed_tokens.onnx"), ["input_ids"], ["inputs_embeds"], {"input_ids": seq, "inputs_embeds": seq})
        side = P["patch"] * P["merge"] * 2  # a 2x2 grid of merge groups: 16 patches
        export(
            VisionEncoder().eval(),
            (torch.randn(16, 3 * P["temporal_patch"] * P["patch"] ** 2), torch.tensor([[1, side // P["patch"], side // P["patch"]]], dtype=torch.long)),
            os.path.join(onnx_dir, "vision_encoder.onnx"),
            ["pixel_values", "grid_thw"],
            ["image_features"],
            {"pixel_values": {0: "num_patches"}, "grid_thw": {0: "num_images"}, "image_features": {0: "num_image_tokens"}},
        )
        axes = {
            "inputs_embeds": seq,
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {1: "batch_size", 2: "sequence_length"},
            "logits": seq,
        }
        past_names, present_names, past = [], [], []
        for i in range(L):
            for kind in ("key", "value"):
                past_names.append(f"past_key_values.{i}.{kind}")
                present_names.append(f"present.{i}.{kind}")
                axes[past_names[-1]] = {0: "batch_size", 2: "past_sequence_length"}
                axes[present_names[-1]] = {0: "batch_size", 2: "total_sequence_length"}
                past.append(torch.randn(2, P["kv_heads"], 3, P["head_dim"]))
        export(
            Decoder(vocab_size, specials).eval(),
            (torch.randn(2, 4, h), torch.ones(2, 7, dtype=torch.long), torch.arange(3, 7).repeat(3, 2, 1), *past),
            os.path.join(onnx_dir, "decoder_model_merged.onnx"),
            ["inputs_embeds", "attention_mask", "position_ids", *past_names],
            ["logits", *present_names],
            axes,
        )

    J.format_json(root, out)
    roles = {
        "config": "config.json",
        "generation_config": "generation_config.json",
        "preprocessor_config": "preprocessor_config.json",
        "tokenizer": "tokenizer.json",
        "tokenizer_config": "tokenizer_config.json",
        "chat_template": "chat_template.json",
        "added_tokens": "added_tokens.json",
        "vocab": "vocab.json",
        "merges": "merges.txt",
        "embed_tokens": "onnx/embed_tokens.onnx",
        "vision_encoder": "onnx/vision_encoder.onnx",
        "decoder_model_merged": "onnx/decoder_model_merged.onnx",
    }
    files = {}
    for role, rel in roles.items():
        full = os.path.join(out, rel)
        files[role] = {"path": rel, "sha256": J.sha256(full), "bytes": os.path.getsize(full)}
    manifest = {
        "name": P["name"],
        "version": "0.1.0",
        "description": "Tiny random-weight test pack in the Qwen2-VL-2B-Instruct ONNX layout: its answers and boxes mean nothing",
        "tasks": ["understand", "ground"],
        "architecture": "qwen2-vl",
        "files": files,
        "license": "MIT",
        "source": "scripts/make-tiny-qwen2-vl.py (random weights, seed %d)" % P["seed"],
    }
    J.write_json(os.path.join(out, "manifest.json"), manifest)
    J.format_json(root, out)
    total = sum(f["bytes"] for f in files.values())
    print("%s: %d files, %.2f MB" % (out, len(files), total / 1e6))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(HERE, ".."))
    args = parser.parse_args()
    build(os.path.abspath(args.root))


if __name__ == "__main__":
    main()
