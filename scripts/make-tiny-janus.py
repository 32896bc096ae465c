#!/usr/bin/python3
"""Builds the tiny random-weight Janus-Pro packs used by tests (`npm run fixtures`).

The packs copy the layout of the public `onnx-community/Janus-Pro-1B-ONNX`
export: config.json, preprocessor_config.json, processor_config.json,
generation_config.json, tokenizer.json, tokenizer_config.json and the six
sessions in onnx/ (prepare_inputs_embeds, language_model, lm_head, gen_head,
gen_img_embeds, image_decode) with the same input and output names, dtypes
and ranks, so Scanline's runner and transformers.js both load them. Weights
are random (fixed seed): the pack draws noise and answers with noise text.

Needs Debian's python3-torch and python3-onnx (run with /usr/bin/python3).
The outputs are committed so CI never needs torch.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess

import torch
import torch.nn.functional as F
from torch import nn

OPSET = 14

# Dimensions of each pack. Everything the runner needs is written to the
# pack's config files; nothing here is read by Scanline at run time.
PRESETS = {
    "main": {
        "name": "janus-tiny",
        "out": "models/janus-tiny",
        "seed": 1234,
        "hidden": 128,
        "layers": 4,
        "heads": 4,
        "head_dim": 32,
        "intermediate": 256,
        "merges": 700,
        "image_vocab": 128,
        "code_dim": 8,
        "grid": 8,  # 8x8 image tokens
        "patch": 16,  # pixels per token side -> 128x128 images
        "vision_size": 64,  # understanding input 64x64 ...
        "vision_patch": 8,  # ... in 8x8 patches -> 64 tokens = grid*grid
        "decoder_channels": [16, 12, 8, 8, 8],
    },
    "alt": {
        "name": "janus-tiny-alt",
        "out": "test/fixtures/janus-tiny-alt",
        "seed": 4321,
        "hidden": 48,
        "layers": 3,
        "heads": 2,
        "head_dim": 24,
        "intermediate": 96,
        "merges": 400,
        "image_vocab": 64,
        "code_dim": 4,
        "grid": 6,  # 6x6 tokens
        "patch": 16,  # -> 96x96 images
        "vision_size": 48,
        "vision_patch": 8,  # 6x6 = 36 tokens
        "decoder_channels": [12, 8, 8, 8, 8],
    },
}

BOS = "<｜begin▁of▁sentence｜>"
EOS = "<｜end▁of▁sentence｜>"
PAD = "<｜▁pad▁｜>"
IMAGE_TAG = "<image_placeholder>"
IMAGE_START = "<begin_of_image>"
IMAGE_END = "<end_of_image>"
USER = "<|User|>"
ASSISTANT = "<|Assistant|>"
SPECIALS = [BOS, EOS, PAD, IMAGE_TAG, IMAGE_START, IMAGE_END, USER, ASSISTANT]
SYSTEM_PROMPT = (
    "You are a helpful language and vision assistant. You are able to understand the visual content "
    "that the user provides, and assist the user with a variety of tasks using natural language."
)

# Text the toy BPE learns its merges from: English and Chinese, so both stay short.
CORPUS = """
a red fox in snow. a shiba in a spacesuit. a photo of a cat on a sofa. what is in this picture?
describe the image. what breed is this dog? a watercolor painting of mountains at sunset.
the quick brown fox jumps over the lazy dog. a city street at night with neon lights and rain.
a bowl of fruit on a wooden table. an astronaut riding a horse on the moon. what color is the car?
how many people are in the photo? read the text on the sign. a poster for the spring ride festival.
这张图片里有什么？请描述这张图片。一只在雪地里的红狐狸。图中的狗是什么品种？春季骑行节海报。
一只猫坐在沙发上。夜晚的城市街道，霓虹灯和雨。桌子上的一碗水果。汽车是什么颜色？图片里有几个人？
You are a helpful language and vision assistant. You are able to understand the visual content that
the user provides, and assist the user with a variety of tasks using natural language.
"""


def byte_alphabet():
    """Byte-level BPE's printable stand-in for each of the 256 byte values."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    chars = {}
    extra = 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


def train_bpe(corpus, merges_wanted):
    """A small deterministic byte-level BPE: pieces split on spaces (space kept as a prefix)."""
    alphabet = byte_alphabet()
    words = {}
    for i, piece in enumerate(corpus.replace("\n", " ").split(" ")):
        if not piece:
            continue
        text = (" " if i > 0 else "") + piece
        symbols = tuple(alphabet[b] for b in text.encode("utf-8"))
        words[symbols] = words.get(symbols, 0) + 1
    vocab = [alphabet[b] for b in range(256)]
    merges = []
    for _ in range(merges_wanted):
        pairs = {}
        for word, count in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + count
        if not pairs:
            break
        best = max(sorted(pairs), key=lambda p: pairs[p])
        if pairs[best] < 2:
            break
        merges.append(best)
        joined = best[0] + best[1]
        vocab.append(joined)
        new_words = {}
        for word, count in words.items():
            out = []
            i = 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(joined)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            new_words[tuple(out)] = new_words.get(tuple(out), 0) + count
        words = new_words
    return vocab, merges


def tokenizer_files(preset):
    vocab_list, merges = train_bpe(CORPUS, preset["merges"])
    vocab = {}
    for token in vocab_list:
        if token not in vocab:
            vocab[token] = len(vocab)
    added = []
    for content in SPECIALS:
        token_id = len(vocab) + len(added)
        added.append(
            {
                "id": token_id,
                "content": content,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
        )
    ids = {a["content"]: a["id"] for a in added}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": BOS, "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": BOS, "type_id": 1}},
                {"Sequence": {"id": "B", "type_id": 1}},
            ],
            "special_tokens": {BOS: {"id": BOS, "ids": [ids[BOS]], "tokens": [BOS]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }
    # Written for this pack in the DeepSeek "deepseek" SFT format Janus uses:
    # system prompt, "\n\n", then "<role>: content\n\n" per turn.
    default_template = (
        "{{ bos_token }}{% set system = '" + SYSTEM_PROMPT + "' %}"
        "{% for message in messages %}{% if message['role'] | lower == 'system' %}"
        "{% set system = message['content'] %}{% endif %}{% endfor %}"
        "{{ system + '\\n\\n' }}{% for message in messages %}{% if message['role'] | lower != 'system' %}"
        "{{ message['role'] + ': ' + (message['content'] | trim) + '\\n\\n' }}{% endif %}{% endfor %}"
        "{% if add_generation_prompt %}{{ '" + ASSISTANT + ":' }}{% endif %}"
    )
    image_template = (
        "{{ bos_token }}{% for message in messages %}"
        "{{ message['role'] + ': ' + (message['content'] | trim) + '\\n\\n' }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '" + ASSISTANT + ":' + '" + IMAGE_START + "' }}{% endif %}"
    )
    tokenizer_config = {
        "bos_token": BOS,
        "eos_token": EOS,
        "pad_token": PAD,
        "unk_token": None,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 16384,
        "tokenizer_class": "LlamaTokenizer",
        "chat_template": [
            {"name": "default", "template": default_template},
            {"name": "text_to_image", "template": image_template},
        ],
    }
    special_tokens_map = {"bos_token": BOS, "eos_token": EOS, "pad_token": PAD}
    return tokenizer, tokenizer_config, special_tokens_map, ids, len(vocab) + len(added)


class Rms(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class Layer(nn.Module):
    def __init__(self, p):
        super().__init__()
        h, n, d = p["hidden"], p["heads"], p["head_dim"]
        self.heads, self.head_dim = n, d
        self.norm1, self.norm2 = Rms(h), Rms(h)
        self.q, self.k, self.v = nn.Linear(h, n * d, bias=False), nn.Linear(h, n * d, bias=False), nn.Linear(h, n * d, bias=False)
        self.o = nn.Linear(n * d, h, bias=False)
        self.gate = nn.Linear(h, p["intermediate"], bias=False)
        self.up = nn.Linear(h, p["intermediate"], bias=False)
        self.down = nn.Linear(p["intermediate"], h, bias=False)

    def forward(self, x, cos, sin, allowed, past_k, past_v):
        b, s, _ = x.shape
        y = self.norm1(x)
        q = self.q(y).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(y).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        v = self.v(y).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        scores = torch.matmul(q, k.transpose(2, 3)) / (self.head_dim**0.5)
        # A large finite negative, not -inf: a fully padded row must not become NaN.
        scores = torch.where(allowed, scores, torch.full_like(scores, -1e9))
        attn = torch.matmul(torch.softmax(scores, dim=-1), v)
        x = x + self.o(attn.transpose(1, 2).reshape(b, s, self.heads * self.head_dim))
        y = self.norm2(x)
        x = x + self.down(F.silu(self.gate(y)) * self.up(y))
        return x, k, v


class LanguageModel(nn.Module):
    """Llama-style decoder over inputs_embeds with a KV cache (no embedding, no head)."""

    def __init__(self, p):
        super().__init__()
        self.layers = nn.ModuleList([Layer(p) for _ in range(p["layers"])])
        self.norm = Rms(p["hidden"])
        half = p["head_dim"] // 2
        self.register_buffer("inv_freq", 1.0 / (10000.0 ** (torch.arange(0, half, dtype=torch.float32) / half)))

    def forward(self, inputs_embeds, attention_mask, position_ids, *past):
        s = inputs_embeds.shape[1]
        total = attention_mask.shape[1]
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)
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
        return (self.norm(x), *presents)


class Mlp(nn.Module):
    def __init__(self, dim_in, dim_out):
        super().__init__()
        self.a = nn.Linear(dim_in, dim_out)
        self.b = nn.Linear(dim_out, dim_out)

    def forward(self, x):
        return self.b(F.gelu(self.a(x)))


class PrepareInputsEmbeds(nn.Module):
    """Token embeddings, with the vision tower's features written over the image placeholder positions."""

    def __init__(self, p, vocab):
        super().__init__()
        self.embed = nn.Embedding(vocab, p["hidden"])
        self.patch = nn.Conv2d(3, 32, kernel_size=p["vision_patch"], stride=p["vision_patch"])
        self.vnorm = nn.LayerNorm(32)
        self.aligner = Mlp(32, p["hidden"])

    def forward(self, input_ids, pixel_values, images_seq_mask, images_emb_mask):
        text = self.embed(input_ids)
        # With no image every tensor below is empty. onnxruntime fuses a Reshape whose target has one
        # dimension it cannot copy into a -1, which fails on 0 elements, so every target here keeps two.
        ps = pixel_values.shape
        bn = ps[0] * ps[1]
        images = pixel_values.reshape(bn, ps[2], ps[3], ps[4])
        grid = self.patch(images)
        gs = grid.shape
        feats = grid.reshape(bn, gs[1], gs[2] * gs[3]).transpose(1, 2)
        feats = self.aligner(self.vnorm(feats))
        hidden = feats.shape[-1]
        tokens = feats.shape[1]
        flat = feats.reshape(bn * tokens, hidden)
        # Reshape reads a 0 in its target as "copy that dimension", so the [b, n, t] mask is never reshaped: its
        # true entries become row numbers instead.
        where = torch.nonzero(images_emb_mask)
        rows = (where[:, 0] * images_emb_mask.shape[1] + where[:, 1]) * tokens + where[:, 2]
        chosen = flat[rows]
        # One zero row so the gather below has a target when there is no image.
        chosen = torch.cat([chosen, torch.zeros(1, hidden)], dim=0)
        seq = images_seq_mask.reshape(images_seq_mask.shape[0] * images_seq_mask.shape[1])
        index = torch.clamp(torch.cumsum(seq.long(), dim=0) - 1, min=0)
        placed = chosen[index].reshape(images_seq_mask.shape[0], images_seq_mask.shape[1], hidden)
        return torch.where(images_seq_mask.unsqueeze(-1), placed, text)


class VisionHead(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.a = nn.Linear(p["hidden"], p["hidden"])
        self.b = nn.Linear(p["hidden"], p["image_vocab"])

    def forward(self, hidden_states):
        return self.b(F.gelu(self.a(hidden_states)))


class LmHead(nn.Module):
    def __init__(self, p, vocab):
        super().__init__()
        self.proj = nn.Linear(p["hidden"], vocab, bias=False)

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class GenImgEmbeds(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.codebook = nn.Embedding(p["image_vocab"], p["code_dim"])
        self.aligner = Mlp(p["code_dim"], p["hidden"])

    def forward(self, image_ids):
        return self.aligner(self.codebook(image_ids))


class ImageDecode(nn.Module):
    """Code grid -> pixels: 3x3 convs at up to 4x the grid (each token paints its own patch and touches its
    neighbours), then nearest upsampling to full size, so a decode stays cheap next to a row of tokens."""

    def __init__(self, p):
        super().__init__()
        self.grid = p["grid"]
        self.codebook = nn.Embedding(p["image_vocab"], p["code_dim"])
        nn.init.normal_(self.codebook.weight, std=1.5)
        channels = [p["code_dim"]] + p["decoder_channels"][:3]
        self.convs = nn.ModuleList(nn.Conv2d(a, b, 3, padding=1) for a, b in zip(channels, channels[1:]))
        self.out = nn.Conv2d(channels[-1], 3, 3, padding=1)
        assert p["patch"] >= 4 and p["patch"] & (p["patch"] - 1) == 0
        self.final_scale = float(p["patch"] // 4)

    def forward(self, generated_tokens):
        b = generated_tokens.shape[0]
        x = self.codebook(generated_tokens).reshape(b, self.grid, self.grid, -1).permute(0, 3, 1, 2)
        for i, conv in enumerate(self.convs):
            x = F.gelu(conv(x))
            if i < 2:
                x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        x = torch.tanh(self.out(x) * 4.0)
        return F.interpolate(x, scale_factor=self.final_scale, mode="nearest")


def export(module, args, path, input_names, output_names, dynamic_axes):
    torch.onnx.export(
        module,
        args,
        path,
        input_names=input_names,
        output_names=output_names,
        dynamic_axes=dynamic_axes,
        opset_version=OPSET,
        do_constant_folding=True,
    )


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def format_json(root, out):
    """Runs the repo's prettier over the pack's JSON (a no-op where .prettierignore covers it, as models/ is),
    before hashing, so `npm run lint` passes for packs kept under test/."""
    files = [os.path.join(out, f) for f in sorted(os.listdir(out)) if f.endswith(".json")]
    prettier = os.path.join(root, "node_modules", ".bin", "prettier")
    if os.path.exists(prettier):
        subprocess.run([prettier, "--write", "--log-level", "warn", *files], cwd=root, check=True)


def build(preset, root):
    p = PRESETS[preset]
    torch.manual_seed(p["seed"])
    random.seed(p["seed"])
    out = os.path.join(root, p["out"])
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "onnx"))

    tokenizer, tokenizer_config, special_map, ids, text_vocab = tokenizer_files(p)
    num_image_tokens = p["grid"] * p["grid"]
    assert (p["vision_size"] // p["vision_patch"]) ** 2 == num_image_tokens
    image_size = p["grid"] * p["patch"]
    h, L = p["hidden"], p["layers"]

    config = {
        "architectures": ["MultiModalityCausalLM"],
        "model_type": "multi_modality",
        "aligner_config": {"cls": "MlpProjector", "model_type": "aligner", "params": {"depth": 2, "input_dim": 32, "n_embed": h, "projector_type": "mlp_gelu"}},
        "gen_aligner_config": {"cls": "MlpProjector", "model_type": "gen_aligner", "params": {"depth": 2, "input_dim": p["code_dim"], "n_embed": h, "projector_type": "mlp_gelu"}},
        "gen_head_config": {"cls": "vision_head", "model_type": "gen_head", "params": {"image_token_embed": h, "image_token_size": p["image_vocab"], "n_embed": h}},
        "gen_vision_config": {"cls": "VQ-16", "model_type": "gen_vision", "params": {"image_token_size": p["image_vocab"], "n_embed": p["code_dim"]}},
        "vision_config": {"cls": "CLIPVisionTower", "model_type": "vision", "params": {"image_size": p["vision_size"], "model_name": "tiny_random_patch%d" % p["vision_patch"], "select_feature": "same", "select_layer": -1}},
        "language_config": {
            "model_type": "llama",
            "hidden_size": h,
            "intermediate_size": p["intermediate"],
            "num_hidden_layers": L,
            "num_attention_heads": p["heads"],
            "num_key_value_heads": p["heads"],
            "head_dim": p["head_dim"],
            "max_position_embeddings": 16384,
            "rms_norm_eps": 1e-6,
            "vocab_size": text_vocab,
            "torch_dtype": "float32",
        },
        "torch_dtype": "float32",
        "transformers.js_config": {"dtype": "fp32", "kv_cache_dtype": {"fp32": "float32"}},
    }
    preprocessor = {
        "background_color": [127, 127, 127],
        "do_normalize": True,
        "image_mean": [0.5, 0.5, 0.5],
        "image_processor_type": "VLMImageProcessor",
        "image_size": p["vision_size"],
        "image_std": [0.5, 0.5, 0.5],
        "min_size": 14,
        "processor_class": "VLChatProcessor",
        "rescale_factor": 1 / 255,
    }
    processor = {
        "add_special_token": False,
        "ignore_id": -100,
        "image_tag": IMAGE_TAG,
        "image_start_tag": IMAGE_START,
        "image_end_tag": IMAGE_END,
        "pad_tag": PAD,
        "mask_prompt": True,
        "num_image_tokens": num_image_tokens,
        "processor_class": "VLChatProcessor",
        "sft_format": "deepseek",
    }
    generation = {
        "bos_token_id": ids[BOS],
        "eos_token_id": ids[EOS],
        "pad_token_id": ids[PAD],
        "do_sample": True,
        "num_image_tokens": num_image_tokens,
        "temperature": 1.0,
        "top_p": 1.0,
    }
    write_json(os.path.join(out, "config.json"), config)
    write_json(os.path.join(out, "preprocessor_config.json"), preprocessor)
    write_json(os.path.join(out, "processor_config.json"), processor)
    write_json(os.path.join(out, "generation_config.json"), generation)
    write_json(os.path.join(out, "tokenizer.json"), tokenizer)
    write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config)
    write_json(os.path.join(out, "special_tokens_map.json"), special_map)

    onnx_dir = os.path.join(out, "onnx")
    with torch.no_grad():
        export(
            PrepareInputsEmbeds(p, text_vocab).eval(),
            (
                torch.randint(0, text_vocab, (1, num_image_tokens + 6)),
                torch.rand(1, 1, 3, p["vision_size"], p["vision_size"]),
                torch.cat([torch.zeros(1, 3, dtype=torch.bool), torch.ones(1, num_image_tokens, dtype=torch.bool), torch.zeros(1, 3, dtype=torch.bool)], dim=1),
                torch.ones(1, 1, num_image_tokens, dtype=torch.bool),
            ),
            os.path.join(onnx_dir, "prepare_inputs_embeds.onnx"),
            ["input_ids", "pixel_values", "images_seq_mask", "images_emb_mask"],
            ["inputs_embeds"],
            {
                "input_ids": {0: "batch_size", 1: "sequence_length"},
                "pixel_values": {0: "batch_size", 1: "num_images", 3: "height", 4: "width"},
                "images_seq_mask": {0: "batch_size", 1: "sequence_length"},
                "images_emb_mask": {0: "batch_size", 1: "num_images", 2: "num_image_tokens"},
                "inputs_embeds": {0: "batch_size", 1: "sequence_length"},
            },
        )
        past_names, present_names, axes = [], [], {
            "inputs_embeds": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "hidden_states": {0: "batch_size", 1: "sequence_length"},
        }
        past = []
        for i in range(L):
            for kind in ("key", "value"):
                past_names.append(f"past_key_values.{i}.{kind}")
                present_names.append(f"present.{i}.{kind}")
                axes[past_names[-1]] = {0: "batch_size", 2: "past_sequence_length"}
                axes[present_names[-1]] = {0: "batch_size", 2: "total_sequence_length"}
                past.append(torch.randn(2, p["heads"], 3, p["head_dim"]))
        export(
            LanguageModel(p).eval(),
            (torch.randn(2, 4, h), torch.ones(2, 7, dtype=torch.long), torch.arange(3, 7).repeat(2, 1), *past),
            os.path.join(onnx_dir, "language_model.onnx"),
            ["inputs_embeds", "attention_mask", "position_ids", *past_names],
            ["hidden_states", *present_names],
            axes,
        )
        seq_axes = {0: "batch_size", 1: "sequence_length"}
        export(LmHead(p, text_vocab).eval(), (torch.randn(2, 3, h),), os.path.join(onnx_dir, "lm_head.onnx"), ["hidden_states"], ["logits"], {"hidden_states": seq_axes, "logits": seq_axes})
        export(VisionHead(p).eval(), (torch.randn(2, 3, h),), os.path.join(onnx_dir, "gen_head.onnx"), ["hidden_states"], ["logits"], {"hidden_states": seq_axes, "logits": seq_axes})
        export(GenImgEmbeds(p).eval(), (torch.randint(0, p["image_vocab"], (2, 1)),), os.path.join(onnx_dir, "gen_img_embeds.onnx"), ["image_ids"], ["inputs_embeds"], {"image_ids": seq_axes, "inputs_embeds": seq_axes})
        export(
            ImageDecode(p).eval(),
            (torch.randint(0, p["image_vocab"], (1, num_image_tokens)),),
            os.path.join(onnx_dir, "image_decode.onnx"),
            ["generated_tokens"],
            ["decoded_image"],
            {"generated_tokens": {0: "batch_size"}, "decoded_image": {0: "batch_size"}},
        )

    format_json(root, out)
    roles = {
        "config": "config.json",
        "preprocessor_config": "preprocessor_config.json",
        "processor_config": "processor_config.json",
        "generation_config": "generation_config.json",
        "tokenizer": "tokenizer.json",
        "tokenizer_config": "tokenizer_config.json",
        "special_tokens_map": "special_tokens_map.json",
        "prepare_inputs_embeds": "onnx/prepare_inputs_embeds.onnx",
        "language_model": "onnx/language_model.onnx",
        "lm_head": "onnx/lm_head.onnx",
        "gen_head": "onnx/gen_head.onnx",
        "gen_img_embeds": "onnx/gen_img_embeds.onnx",
        "image_decode": "onnx/image_decode.onnx",
    }
    files = {}
    for role, rel in roles.items():
        full = os.path.join(out, rel)
        files[role] = {"path": rel, "sha256": sha256(full), "bytes": os.path.getsize(full)}
    manifest = {
        "name": p["name"],
        "version": "0.1.0",
        "description": "Tiny random-weight test pack in the Janus-Pro ONNX layout (%dx%d tokens, %d px images): draws noise, answers with noise text"
        % (p["grid"], p["grid"], image_size),
        "tasks": ["generate", "understand"],
        "architecture": "janus",
        "files": files,
        "license": "MIT",
        "source": "scripts/make-tiny-janus.py (random weights, seed %d)" % p["seed"],
    }
    write_json(os.path.join(out, "manifest.json"), manifest)
    format_json(root, out)
    total = sum(f["bytes"] for f in files.values())
    print("%s: %d files, %.2f MB" % (out, len(files), total / 1e6))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), action="append", help="pack(s) to build (default: all)")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    for preset in args.preset or sorted(PRESETS):
        build(preset, os.path.abspath(args.root))


if __name__ == "__main__":
    main()
