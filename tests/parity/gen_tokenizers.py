"""Tokenizer goldens: CLIP BPE ids by the rule of transformers' slow CLIPTokenizer with ftfy installed (what diffusers
loads from a model's tokenizer/ folder): whitespace_clean(ftfy.fix_text(text)).lower(), computed with the real ftfy
6.3.1 and split and merged by open_clip v2.20.0's SimpleTokenizer (the original OpenAI CLIP BPE); and sentencepiece
ids from the sentencepiece library 0.1.97 with the wrapper rules of transformers' T5Tokenizer (legacy, as FLUX's
tokenizer_2) and SiglipTokenizer.

open_clip's own cleanup (basic_clean) adds html.unescape twice after ftfy.fix_text; the strings where that changes
the ids are printed when the goldens are written. The golden follows transformers: SimpleTokenizer.encode runs with
the module's basic_clean swapped for ftfy.fix_text, which makes its cleanup exactly transformers' _tokenize's
(whitespace_clean and lower() are the same functions in both).

References (README "Bringing the references onto a machine without internet"):
  - open_clip: /tmp/parity_ref/open_clip/src/open_clip (tag v2.20.0; only tokenizer.py and
    bpe_simple_vocab_16e6.txt.gz are used), or TASTELAB_OPEN_CLIP_SRC.
  - ftfy: /tmp/parity_ref/ftfy (`git archive v6.3.1 ftfy` of github.com/rspeer/python-ftfy, pure Python), or
    TASTELAB_FTFY_SRC. It imports wcwidth, which stubs/wcwidth stands in for (fix_text never calls it).
  - sentencepiece: Debian's python3-sentencepiece 0.1.97 (trains the small models and encodes).

What is written:
  tokenizer_clip/    vocab.json + merges.txt in the Hugging Face layout (what a user's SD-Turbo or FLUX tokenizer/
                     folder holds), derived from the first CLIP_MERGES merges of open_clip's real BPE file as
                     transformers' conversion derives them (256 byte stand-ins, the same with "</w>", the merged pairs,
                     <|startoftext|>, <|endoftext|>); special_tokens_map.json and tokenizer_config.json as SD-Turbo's.
                     golden.json: per hard string, the reference's cleaned text ("cleaned"), its ids without specials
                     ("body"), padded as SD-Turbo pads (open_clip's own tokenize(): pad 0 = "!", truncated keeping
                     <|endoftext|> last) and as
                     FLUX's CLIP-L pads (pad <|endoftext|>; transformers: truncate the body to 75, add BOS/EOS).
  tokenizer_t5/      spiece.model (unigram trained here, T5's special ids: pad 0, eos 1, unk 2, no bos, no byte
                     fallback) + tokenizer_config.json; golden.json: sentencepiece ids, and T5Tokenizer's
                     max_length=256 output (truncate to 255, append </s>, pad with <pad>).
  tokenizer_siglip/  the same kind of model + SiglipTokenizer's rules: lowercase, remove string.punctuation,
                     collapse \\s+, strip, encode "<unk>" + "\u2581" + text with add_dummy_prefix off and drop the
                     "<unk>" pieces, truncate to 63, append </s>, pad with </s> to 64.
"""
import gzip
import importlib.util
import json
import os
import random
import re
import shutil
import string
import sys
import tempfile
import unicodedata

from parity_common import ReferenceMissing

# The package folder below the src/ folder that TASTELAB_OPEN_CLIP_SRC names (as in gen_clip.py).
OPEN_CLIP_SRC = os.path.join(os.environ.get("TASTELAB_OPEN_CLIP_SRC", "/tmp/parity_ref/open_clip/src"), "open_clip")
FTFY_SRC = os.environ.get("TASTELAB_FTFY_SRC", "/tmp/parity_ref/ftfy")
PINNED_OPEN_CLIP = "2.20.0"
PINNED_FTFY = "6.3.1"
PINNED_SENTENCEPIECE = "0.1.97"

# The first merges of the real file: enough for every common English word of the hard strings to merge into one
# token, small enough for the golden budget. The reference tokenizer is built from the same truncated file.
CLIP_MERGES = 8000
CONTEXT = 77
T5_LENGTH = 256  # FluxPipeline's max_sequence_length for schnell
SIGLIP_LENGTH = 64  # SiglipTokenizer's model_max_length, the text tower's max_position_embeddings
SP_VOCAB = 1000

LONG_PROMPT = (
    "masterpiece, best quality, ultra-detailed, 8k wallpaper, a breathtaking panoramic view of an ancient city "
    "built into the cliffs of a misty mountain range at golden hour, intricate stone bridges, hanging gardens, "
    "waterfalls cascading into a turquoise lake, flocks of birds, warm volumetric light, cinematic composition, "
    "sharp focus, highly detailed textures, by greg rutkowski and alphonse mucha, trending on artstation, "
    "award-winning photograph, hdr, depth of field, 35mm lens, f/1.8, kodak portra 400 film grain"
)

# (name, text): the hard strings, plain ones first, then those that ftfy.fix_text changes (the cleanup that
# text_cleanup.cpp reproduces).
CLIP_STRINGS = [
    ("plain", "a photo of a cat"),
    ("empty", ""),
    ("only_spaces", " \t \n "),
    ("mixed_case", "A PHOTO Of A CaT wearing SunGlasses"),
    ("accents_nfc", "café crème brûlée, naïve façade, señor piñata, Ærøskøbing"),
    ("latin_uppercase", "ÉCOLE ÀÉÎÕÜ Œuvre STRAẞE straße ĞÜŞ ȺȾ ƁƆ"),
    ("dotted_capital_i", "İSTANBUL İzmir"),  # Python lowers İ to two code points, i + U+0307
    ("greek_cyrillic", "ΑΘΗΝΑ Σοφία ΟΔΟΣ Москва ЁЖИК Київ"),
    ("emoji", "a dog 🐶 with a party hat 🎉 and a heart ❤️ 👍🏽 🇯🇵"),
    ("emoji_zwj", "👩‍🚀 astronaut 👨‍👩‍👧 family"),
    ("cjk_chinese", "一只猫坐在桌子上"),
    ("cjk_japanese", "東京の夜景、ネオンサイン。"),
    ("hangul", "고양이 사진 Korean"),
    ("scripts", "مرحبا שלום สวัสดี नमस्ते ქართული Հայերեն"),
    ("vietnamese", "Phở bò Hà Nội, Đà Lạt"),
    ("repeated_spaces", "a    photo     of   a        cat   "),
    ("tabs_newlines", "a\tphoto\nof\n\na\t\tcat\r\nnow\x0cthen\r"),
    ("unicode_spaces", "a\u00a0photo\u2003of\u3000a\u2009cat\u202fend"),
    ("punctuation", "Hello!!! What?... (yes) [no] {maybe} <3 #art @user $100 50% a&b ~tilde~ `tick` ^_^ \\slash/"),
    ("contractions", "it's don't they're we've I'm you'll he'd IT'S DON'T rock'n'roll o'clock '''"),
    ("numbers", "1234567890 3.14159 1,000,000 2nd 10x 4k 1080p ½ ² ٣ ⑤"),
    ("html_ish", '<b>bold</b> <i>italic</i> <a href="x.html">link</a> <br/> & < >'),
    ("url", "https://example.com/path?q=1&x=y#frag user@mail.org"),
    ("prompt_weights", "(masterpiece:1.2), [bad hands], {{{detailed}}}, <lora:style:0.8>"),
    ("hyphens_underscores", "state-of-the-art snake_case CamelCase __dunder__ --flag"),
    ("long_word", "supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis"),
    ("repeated_chars", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! zzzzzz"),
    ("exactly_75", " ".join(["cat"] * 75)),  # BOS + 75 + EOS fills the context: nothing cut
    ("exactly_76", " ".join(["cat"] * 76)),  # one over: the 76th goes, EOS stays last
    ("long_prompt", LONG_PROMPT),
    ("long_unicode", ("ΟΔΟΣ café 🐶 東京 " * 30).strip()),
    # Decomposed (NFD) text, as macOS file names and some input methods give it; the reference composes it (NFC).
    ("nfd_accents", unicodedata.normalize("NFD", "café naïve Ærøskøbing Ğ")),
    ("nfd_vietnamese", unicodedata.normalize("NFD", "Phở bò Hà Nội, Đà Lạt, Nguyễn")),
    ("nfd_hangul", unicodedata.normalize("NFD", "고양이 사진 각")),
]

# Cleaned by ftfy.fix_text: word-processor punctuation, compatibility forms, HTML entities, control characters.
# (Kept apart from CLIP_STRINGS, whose words also train the sentencepiece models below.)
CLIP_FTFY_STRINGS = [
    ("curly_quotes", "don\u2019t \u201cquoted\u201d"),
    ("mixed_quotes", "it\u2019s Bob's \"big\" \u2018day\u2019 \u201cout\" \u201alow\u201e \u201brev\u201f \u02bcokina"),
    ("prompt_weights_curly", "(\u201cmasterpiece\u201d:1.2), [\u2018bad hands\u2019], {\u201cdetailed\u201d}"),
    ("dashes_ellipsis", "wait\u2026 what \u2014 yes \u2013 no \u2010 \u2015 ...\u2026"),
    ("full_width", "\uff21\uff22\uff23\uff11\uff12\uff13"),
    ("full_width_punctuation", "\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff01\uff08\uff59\uff45\uff53\uff09"
                               "\uff1f\uff0c\uff0e\uff1a\uff1b\uff02\uff51\uff02\uff07\uff20\uffe5\uffe3\u3001\u3002"),
    ("halfwidth_katakana", "\uff76\uff9e\uff77\uff9e \uff83\uff7d\uff84 \uff8a\uff9f\uff9d \uffa1\uffc2"),
    ("ligature", "\ufb01ne art"),
    ("ligatures_more", "\ufb02oral \ufb00 \ufb03 \ufb04 \ufb05 \ufb06 \u0132ssel \u01c5 \u01c8 \u01cb \u0149"),
    ("html_entities", "salt &amp; pepper &lt;3 &quot;x&quot;"),
    ("html_entities_more", "&nbsp;caf&eacute; &#39;single&#39; &#x27;hex&#X27; &#8212; &hellip; &AMP; &EACUTE; "
                           "&SZLIG; &amp;lt;b&amp;gt; &#59; &#xD800; &#0; &#127; &#150; &#x110000; &#128512;"),
    ("html_entities_kept", "&notanentity; &amp &nbsp x&y &#; &#x; &#12ab; &#xZZ; &aaaaaaaaaaaaaaaaaaaaaaaaa; &&amp;;"),
    ("html_with_tags", "<b>bold</b> &amp; &lt;i&gt; &#39;"),  # a "<": ftfy takes it for HTML and unescapes nothing
    ("html_tag_on_second_line", "first &amp; line\nsecond <b> &amp;\nthird &amp;"),  # off from the "<" line on
    ("vertical_tab", "cat\x0bnow"),
    ("control_chars", "a\x00b\x01c\x7fd\u206ae\ufefff\ufffcg\ufff9h \x1b[31mred\x1b[0m \x1b[1;32mbold\x1b[m \x1b[x"),
    ("c1_controls", "\x93smart\x94 quotes \x96 dash cat\x85now price \x80 5 \x81x a \x9d b"),  # read as Windows-1252
    ("line_breaks", "a\r\nb\rc\u2028d\u2029e\n\nf"),
    ("nbsp_entity_and_char", "a\u00a0photo&nbsp;of&#160;a cat"),
    ("soft_hyphen", "soft\u00adhyphen pho\u00adto"),
    ("zero_width", "zero\u200bwidth non\u200cjoiner jo\u200dined word\u2060joiner"),
    ("byte_order_mark", "\ufeffa photo of a cat\ufeff"),
    ("nfc_singletons", "\u2126 \u212a \u212b \u037e \u0387 \ufa11 \uf900 \u1f71 \u0958"),
]

# Mojibake: ftfy's fix_encoding repairs it; TasteLab does not (text_cleanup.h). Printed, never committed.
MOJIBAKE = [
    ("mojibake_utf8_as_latin1", "caf\u00c3\u00a9 cr\u00c3\u00a8me br\u00c3\u00bbl\u00c3\u00a9e"),
    ("mojibake_quotes", "don\u00e2\u20ac\u2122t \u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d"),
]

# The sentencepiece strings: the same hard cases where they make sense for T5 and SigLIP, plus those that
# exercise the sentencepiece-specific paths (unknown characters, the normaliser's rules, whitespace).
SP_STRINGS = [
    ("plain", "a photo of a cat"),
    ("empty", ""),
    ("only_spaces", "   "),
    ("only_punctuation", "!!! ... ???"),
    ("leading_punctuation", "-- a photo, of a cat"),
    ("mixed_case", "A PHOTO Of A CaT wearing SunGlasses"),
    ("accents", "Café Crème Brûlée, NAÏVE façade, Ærøskøbing"),
    ("greek_cyrillic", "ΑΘΗΝΑ Σοφία ΟΔΟΣ. ΣΟΦΟΣ'Α Москва ЁЖИК"),
    ("emoji", "a dog 🐶 with a party hat 🎉"),
    ("cjk", "東京の夜景、一只猫"),
    ("repeated_spaces", "a    photo     of   a        cat   "),
    ("leading_spaces", "   leading and trailing   "),
    ("tabs_newlines", "a\tphoto\nof\n\na\t\tcat"),
    ("unicode_spaces", "a\u00a0photo\u3000of a cat"),
    ("punctuation", "Hello!!! What?... (yes) [no] {maybe} <3 #art @user $100 50% a&b"),
    ("contractions", "it's don't they're we've I'm"),
    ("numbers", "1234567890 3.14159 1,000,000 2nd 10x"),
    ("normaliser_rules", "\uff21\uff22\uff23 \uff11\uff12\uff13 \ufb01ne"),  # full-width and ligature rules below
    ("underscore_marker", "snake_case \u2581marker\u2581 a\u2581b"),
    ("html_ish", '<b>bold</b> & <a href="x">link</a>'),
    ("long_prompt", LONG_PROMPT),
    ("very_long", (LONG_PROMPT + " ") * 4),
]

# A small normalisation table in sentencepiece's TSV form (source code points, tab, target code points): the same
# mechanism as T5's nmt_nfkc (a precompiled charsmap inside the model), a few of its rules, a fraction of its size
# (nmt_nfkc alone is 237 KB).
def _normalisation_tsv():
    rows = []
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII -> ASCII, as NFKC
        rows.append(f"{code:X}\t{code - 0xFF01 + 0x21:X}")
    rows.append("3000\t20")  # ideographic space
    rows.append("A0\t20")  # no-break space
    rows.append("FB01\t66 69")  # fi ligature
    rows.append("FB02\t66 6C")  # fl ligature
    return "\n".join(rows) + "\n"


# ---- references -------------------------------------------------------------------------------------------------


def _load_open_clip_tokenizer():
    if not os.path.isfile(os.path.join(OPEN_CLIP_SRC, "tokenizer.py")):
        raise ReferenceMissing(f"open_clip's source is not at {OPEN_CLIP_SRC}")
    version = {}
    with open(os.path.join(OPEN_CLIP_SRC, "version.py")) as f:
        exec(f.read(), version)
    if version["__version__"] != PINNED_OPEN_CLIP:
        raise SystemExit(f"open_clip {version['__version__']} found; the goldens are pinned to {PINNED_OPEN_CLIP}")
    if not os.path.isdir(os.path.join(FTFY_SRC, "ftfy")):
        raise ReferenceMissing(f"ftfy's source is not at {FTFY_SRC}")
    sys.path.insert(0, FTFY_SRC)
    import ftfy

    if ftfy.__version__ != PINNED_FTFY:
        raise SystemExit(f"ftfy {ftfy.__version__} found; the goldens are pinned to {PINNED_FTFY}")
    # tokenizer.py alone: the package's __init__ pulls in the models (timm and more).
    spec = importlib.util.spec_from_file_location("open_clip_tokenizer", os.path.join(OPEN_CLIP_SRC, "tokenizer.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, ftfy


def _load_sentencepiece():
    try:
        import sentencepiece
    except ImportError as missing:
        raise ReferenceMissing("the sentencepiece Python package (python3-sentencepiece) is not installed") from missing
    if sentencepiece.__version__ != PINNED_SENTENCEPIECE:
        raise SystemExit(f"sentencepiece {sentencepiece.__version__} found; pinned to {PINNED_SENTENCEPIECE}")
    return sentencepiece


def _write_golden(path, header, cases):
    """golden.json: the header keys, then one case per line (small, and a diff shows which string changed)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False, sort_keys=True)[:-1] + ', "cases": [\n')
        out.write(",\n".join(json.dumps(case, ensure_ascii=False) for case in cases))
        out.write("\n]}\n")


def _write_json(path, value, indent=None):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=indent, sort_keys=indent is not None)
        out.write("\n")


# ---- CLIP -------------------------------------------------------------------------------------------------------


def _clip(out, open_clip_tokenizer, ftfy):
    folder = os.path.join(out, "tokenizer_clip")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with gzip.open(os.path.join(OPEN_CLIP_SRC, "bpe_simple_vocab_16e6.txt.gz")) as f:
        lines = f.read().decode("utf-8").split("\n")
    header, merges = lines[0], lines[1 : 1 + CLIP_MERGES]

    with tempfile.TemporaryDirectory() as tmp:
        # No newline at the end: SimpleTokenizer would read an empty last line as a merge and shift the specials.
        truncated = os.path.join(tmp, "bpe_truncated.txt.gz")
        with gzip.open(truncated, "wb") as f:
            f.write("\n".join([header] + merges).encode("utf-8"))
        reference = open_clip_tokenizer.SimpleTokenizer(truncated)
        module_tokenizer = open_clip_tokenizer._tokenizer
        open_clip_tokenizer._tokenizer = reference  # tokenize() reads the module's tokenizer
        open_clip_basic_clean = open_clip_tokenizer.basic_clean
        try:
            return _clip_write(folder, merges, reference, open_clip_tokenizer, ftfy, open_clip_basic_clean)
        finally:
            open_clip_tokenizer._tokenizer = module_tokenizer
            open_clip_tokenizer.basic_clean = open_clip_basic_clean


def _clip_write(folder, merges, reference, open_clip_tokenizer, ftfy, open_clip_basic_clean):
    # The HF layout, as transformers' conversion of the OpenAI file has it.
    byte_tokens = list(open_clip_tokenizer.bytes_to_unicode().values())
    tokens = byte_tokens + [t + "</w>" for t in byte_tokens] + ["".join(m.split()) for m in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {token: i for i, token in enumerate(tokens)}  # a later duplicate wins, as in the reference
    assert len(vocab) == len(tokens), "the truncated BPE file has duplicate merged tokens"
    _write_json(os.path.join(folder, "vocab.json"), vocab)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    bos, eos = vocab["<|startoftext|>"], vocab["<|endoftext|>"]
    # The reference's own special ids are the same positions under other names.
    assert reference.encoder["<start_of_text>"] == bos and reference.encoder["<end_of_text>"] == eos
    # stabilityai/sd-turbo tokenizer/: pad "!" (id 0), as OpenCLIP ViT-H was trained.
    special = {
        "bos_token": {"content": "<|startoftext|>", "lstrip": False, "normalized": True, "rstrip": False,
                      "single_word": False},
        "eos_token": {"content": "<|endoftext|>", "lstrip": False, "normalized": True, "rstrip": False,
                      "single_word": False},
        "pad_token": "!",
        "unk_token": {"content": "<|endoftext|>", "lstrip": False, "normalized": True, "rstrip": False,
                      "single_word": False},
    }
    _write_json(os.path.join(folder, "special_tokens_map.json"), special, indent=2)
    _write_json(os.path.join(folder, "tokenizer_config.json"), {
        "add_prefix_space": False, "bos_token": "<|startoftext|>", "clean_up_tokenization_spaces": True,
        "do_lower_case": True, "eos_token": "<|endoftext|>", "errors": "replace", "model_max_length": CONTEXT,
        "pad_token": "!", "tokenizer_class": "CLIPTokenizer", "unk_token": "<|endoftext|>"}, indent=2)

    def whitespace_clean(text):  # transformers' tokenization_clip.whitespace_clean
        return re.sub(r"\s+", " ", text).strip()

    def transformers_clean(text):  # CLIPTokenizer._tokenize with ftfy installed
        return whitespace_clean(ftfy.fix_text(text)).lower()

    def open_clip_clean(text):  # SimpleTokenizer.encode with open_clip's own basic_clean
        return open_clip_tokenizer.whitespace_clean(open_clip_basic_clean(text)).lower()

    # From here on SimpleTokenizer.encode (and tokenize()) clean as transformers does.
    open_clip_tokenizer.basic_clean = ftfy.fix_text
    cases = []
    for name, text in CLIP_STRINGS + CLIP_FTFY_STRINGS:
        if ftfy.fix_text(text) != ftfy.fix_text(text, fix_encoding=False):
            raise AssertionError(f"{name}: ftfy's mojibake repair changes it, which TasteLab lacks; move it to MOJIBAKE")
        cleaned = transformers_clean(text)
        assert open_clip_tokenizer.whitespace_clean(ftfy.fix_text(text)).lower() == cleaned
        body = reference.encode(text)
        sd_turbo = open_clip_tokenizer.tokenize([text], context_length=CONTEXT)[0].tolist()  # pads with 0
        # transformers' CLIPTokenizer(truncation=True, max_length=77, padding="max_length") with pad <|endoftext|>
        flux = [bos] + body[: CONTEXT - 2] + [eos]
        flux += [eos] * (CONTEXT - len(flux))
        kept = min(len(body), CONTEXT - 2) + 2
        assert sd_turbo[:kept] == flux[:kept] and set(sd_turbo[kept:]) <= {0}
        cases.append({"name": name, "text": text, "cleaned": cleaned, "body": body, "sd_turbo": sd_turbo,
                      "flux": flux})
        if open_clip_clean(text) != cleaned:
            print(f"  clip {name}: open_clip's basic_clean gives {open_clip_clean(text)!r}, transformers "
                  f"{cleaned!r} (the golden follows transformers)")
    for name, text in MOJIBAKE:
        if ftfy.fix_text(text) == ftfy.fix_text(text, fix_encoding=False):
            raise AssertionError(f"{name}: not mojibake to ftfy; move it into CLIP_STRINGS")
        print(f"  clip {name}: the reference repairs {text!r} to {transformers_clean(text)!r}; TasteLab does not "
              "(left out)")
    _write_golden(os.path.join(folder, "golden.json"), {
        "reference": f"transformers CLIPTokenizer's cleanup whitespace_clean(ftfy.fix_text(text)).lower() with ftfy "
                     f"{PINNED_FTFY}, BPE by open_clip {PINNED_OPEN_CLIP} SimpleTokenizer built from the first "
                     f"{CLIP_MERGES} merges of bpe_simple_vocab_16e6.txt.gz",
        "context_length": CONTEXT, "bos_id": bos, "eos_id": eos, "sd_turbo_pad_id": 0, "flux_pad_id": eos,
        }, cases)
    return "tokenizer_clip"


# ---- sentencepiece ----------------------------------------------------------------------------------------------


def _corpus(seed):
    """Deterministic training text: the hard strings' words, a base vocabulary and seeded pseudo-words."""
    rng = random.Random(seed)
    words = set()
    for _, text in CLIP_STRINGS + SP_STRINGS:
        words.update(text.split())
    base = sorted(words) + LONG_PROMPT.replace(",", " ").split()
    base += ("the of and a to in is on with at by from for an as painting portrait landscape sunset city night neon "
             "light oil canvas watercolor detailed photo cat dog bird mountain river forest ocean sky cloud").split()
    syllables = "ka ro mi ne tu sa li po de fa gu ve zo chi sha pre stra tion ing ed er ly al ous ment".split()
    base += ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(1500)]
    lines = [" ".join(rng.choice(base) for _ in range(rng.randint(4, 16))) for _ in range(6000)]
    return "\n".join(lines) + "\n"


def _train(sentencepiece, corpus, folder, vocab_size):
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "corpus.txt"), "w", encoding="utf-8") as f:
            f.write(corpus)
        with open(os.path.join(tmp, "rules.tsv"), "w", encoding="utf-8") as f:
            f.write(_normalisation_tsv())
        # The model records its trainer's file names: relative ones keep it byte-identical from run to run.
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            # T5's spiece.model: unigram, pad 0, eos 1, unk 2, no bos, no byte fallback, dummy prefix, extra
            # whitespace removed. character_coverage below 1 leaves the rarest characters out, so <unk> is exercised.
            sentencepiece.SentencePieceTrainer.train(
                input="corpus.txt", model_prefix="spiece", vocab_size=vocab_size, model_type="unigram", pad_id=0,
                eos_id=1, unk_id=2, bos_id=-1, byte_fallback=False, character_coverage=0.9995,
                normalization_rule_tsv="rules.tsv", add_dummy_prefix=True, remove_extra_whitespaces=True,
                num_threads=1, seed_sentencepiece_size=200000, shuffle_input_sentence=False, minloglevel=2)
        finally:
            os.chdir(cwd)
        os.makedirs(folder, exist_ok=True)
        shutil.copy(os.path.join(tmp, "spiece.model"), os.path.join(folder, "spiece.model"))
    return sentencepiece.SentencePieceProcessor(model_file=os.path.join(folder, "spiece.model"))


def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _read_varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def _without_dummy_prefix(model_bytes):
    """SiglipTokenizer.get_spm_processor: the model with normalizer_spec.add_dummy_prefix = False. Protobuf by hand
    (Debian's sentencepiece lacks the protobuf module): ModelProto field 3 is the NormalizerSpec, whose field 3 is
    add_dummy_prefix; the field is appended, and a later scalar wins, as MergeFrom does."""
    out, pos, done = bytearray(), 0, False
    while pos < len(model_bytes):
        start = pos
        key, pos = _read_varint(model_bytes, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _read_varint(model_bytes, pos)
        elif wire == 2:
            length, body = _read_varint(model_bytes, pos)
            pos = body + length
            if field == 3:
                spec = model_bytes[body:pos] + bytes([3 << 3 | 0, 0])
                out += _varint(key) + _varint(len(spec)) + spec
                done = True
                continue
        elif wire == 5:
            pos += 4
        elif wire == 1:
            pos += 8
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")
        out += model_bytes[start:pos]
    assert done, "the model has no normalizer_spec"
    return bytes(out)


def _t5(out, sentencepiece, corpus, seed):
    folder = os.path.join(out, "tokenizer_t5")
    shutil.rmtree(folder, ignore_errors=True)
    sp = _train(sentencepiece, corpus, folder, SP_VOCAB)
    # FLUX.1-schnell tokenizer_2/tokenizer_config.json, the keys the slow T5Tokenizer reads.
    _write_json(os.path.join(folder, "tokenizer_config.json"), {
        "eos_token": "</s>", "extra_ids": 0, "legacy": True, "model_max_length": 512, "pad_token": "<pad>",
        "tokenizer_class": "T5Tokenizer", "unk_token": "<unk>"}, indent=2)
    pad, eos = sp.piece_to_id("<pad>"), sp.piece_to_id("</s>")
    assert (pad, eos, sp.piece_to_id("<unk>")) == (0, 1, 2)
    cases = []
    for name, text in SP_STRINGS:
        for special in ("</s>", "<pad>", "<unk>"):  # added tokens the trie would split out first
            assert special not in text
        # T5Tokenizer (legacy=True): sp_model.encode(text); __call__(truncation=True, max_length=256,
        # padding="max_length"): the body truncated to 255, </s> appended unless already last, <pad> after.
        pieces = sp.encode(text)
        ids = pieces[: T5_LENGTH - 1]
        if not ids or ids[-1] != eos:
            ids = ids + [eos]
        ids += [pad] * (T5_LENGTH - len(ids))
        cases.append({"name": name, "text": text, "pieces": pieces, "ids": ids})
    _write_golden(os.path.join(folder, "golden.json"), {
        "reference": f"sentencepiece {PINNED_SENTENCEPIECE} + transformers T5Tokenizer(legacy=True) rules",
        "max_length": T5_LENGTH, "pad_id": pad, "eos_id": eos, "unk_id": 2}, cases)
    return "tokenizer_t5"


def _siglip(out, sentencepiece, corpus, seed):
    folder = os.path.join(out, "tokenizer_siglip")
    shutil.rmtree(folder, ignore_errors=True)
    _train(sentencepiece, corpus, folder, SP_VOCAB - 200)  # another model than T5's
    _write_json(os.path.join(folder, "tokenizer_config.json"), {
        "do_lower_case": True, "eos_token": "</s>", "model_max_length": SIGLIP_LENGTH, "pad_token": "</s>",
        "tokenizer_class": "SiglipTokenizer", "unk_token": "<unk>"}, indent=2)
    with open(os.path.join(folder, "spiece.model"), "rb") as f:
        sp = sentencepiece.SentencePieceProcessor(model_proto=_without_dummy_prefix(f.read()))
    eos = sp.piece_to_id("</s>")
    pad = eos  # SiglipTokenizer's pad_token is "</s>"
    unk_token = "<unk>"
    unk_token_length = len(sp.encode(unk_token))
    specials = ["</s>", "<unk>"]
    cases = []
    for name, text in SP_STRINGS:
        for special in specials:
            assert special not in text
        # SiglipTokenizer.tokenize: "\u2581" + text with "\u2581" made a space; PreTrainedTokenizer.tokenize:
        # do_lower_case lowercases (outside special tokens; "." skips newlines, which lower() leaves alone anyway).
        prepared = "\u2581" + text.replace("\u2581", " ")
        prepared = re.sub(r"(.+?)", lambda m: m.group(1).lower(), prepared)
        # _tokenize: canonicalize_text, then encode "<unk>" + text and drop the "<unk>" pieces.
        canonical = prepared.translate(str.maketrans("", "", string.punctuation))
        canonical = re.sub(r"\s+", " ", canonical).strip()
        pieces = sp.encode(unk_token + canonical, out_type=str)
        pieces = pieces[unk_token_length:] if len(pieces) >= unk_token_length else pieces
        if len(pieces) > 1 and pieces[0] == "\u2581" and pieces[1] in specials:
            pieces = pieces[1:]
        body = [sp.piece_to_id(p) for p in pieces]
        # __call__(padding="max_length", truncation=True, max_length=64).
        ids = body[: SIGLIP_LENGTH - 1]
        if not ids or ids[-1] != eos:
            ids = ids + [eos]
        ids += [pad] * (SIGLIP_LENGTH - len(ids))
        cases.append({"name": name, "text": text, "canonical": canonical, "ids": ids})
    _write_golden(os.path.join(folder, "golden.json"), {
        "reference": f"sentencepiece {PINNED_SENTENCEPIECE} + transformers SiglipTokenizer rules",
        "max_length": SIGLIP_LENGTH, "pad_id": pad, "eos_id": eos}, cases)
    return "tokenizer_siglip"


def write(out, seed):
    open_clip_tokenizer, ftfy = _load_open_clip_tokenizer()
    sentencepiece = _load_sentencepiece()
    written = [_clip(out, open_clip_tokenizer, ftfy)]
    corpus = _corpus(seed)
    written.append(_t5(out, sentencepiece, corpus, seed))
    written.append(_siglip(out, sentencepiece, corpus, seed))
    return written
