// The text cleanup that the CLIP reference tokenizers apply before splitting words: ftfy 6.3.1's fix_text with its
// default configuration, which transformers' slow CLIPTokenizer (what diffusers loads from a tokenizer/ folder when
// ftfy is installed) and open_clip's SimpleTokenizer both call. Internal to model/tokenizers/.
#pragma once

#include <vector>

namespace tastelab::model::unicode {

// ftfy.fix_text(text), step for step: the text is cut into segments after each "\n" (and every 1,000,000 code
// points); in each segment, until nothing changes, HTML entities are decoded (only the unambiguous ones that end in
// ";", and not from the first segment that holds a "<" on: text with a "<" is taken for HTML), C1 controls are read
// as Windows-1252, Latin ligatures split, full-width and half-width forms narrowed, curly quotes straightened, line
// breaks made "\n", terminal escapes and invisible control characters removed, and the text normalised to NFC.
//
// Not applied: fix_encoding's mojibake repair ("cafÃ©" stays as it is), which needs ftfy's statistical badness
// heuristic and its codec tables; a terminal escape's digits are ASCII only (Python's \d also takes other scripts'
// digits); NFC keeps combining marks in the order given (Python's reorders marks out of canonical order); and text
// that needs more than 16 rounds (HTML escaped 16 times over, "&amp;amp;amp;...") stops after 16, so that the work
// stays linear in the length of the text.
std::vector<char32_t> fixText(const std::vector<char32_t>& text);

}  // namespace tastelab::model::unicode
