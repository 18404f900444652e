// ftfy 6.3.1's fix_text (ftfy/__init__.py fix_and_explain, ftfy/fixes.py, ftfy/chardata.py), written from its source.
// Every step below is a linear scan; each round allocates at most three times the text (the widest ligature).
//
// The tables are generated with Python 3.11 (Unicode 14.0.0) and ftfy 6.3.1 by
// tests/parity/make_text_cleanup_tables.py:
//   kHtmlEntities     ftfy.chardata.HTML_ENTITIES whose names fit ftfy's pattern &[0-9A-Za-z]{1,24}; (html5's names
//                     ending in ";" and ftfy's upper-case forms of the lower-case ones), name without & and ;
//   kC1AsWindows1252  bytes 0x80..0x9F decoded with ftfy's sloppy-windows-1252 (also html's _invalid_charrefs)
//   kWidthMap         ftfy.chardata.WIDTH_MAP (U+3000 and NFKC of U+FF01..U+FFEF)
//   kNfcSingles, kNfcMultiples  unicodedata.normalize("NFC", chr(cp)) where it differs from chr(cp)
#include "model/tokenizers/text_cleanup.h"

#include "model/tokenizers/unicode_text.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tastelab::model::unicode {
namespace {

struct HtmlEntity {
    std::string_view name;
    std::array<char32_t, 3> value;  // zero-padded
};

struct CodePointMap {
    char32_t from;
    std::array<char32_t, 3> to;  // zero-padded
};

struct SingleMap {
    char32_t from;
    char32_t to;
};

// clang-format off
constexpr std::array<HtmlEntity, 3500> kHtmlEntities{{
    {"AACUTE", {0xC1, 0, 0}}, {"ABREVE", {0x102, 0, 0}}, {"AC", {0x223E, 0, 0}}, {"ACD", {0x223F, 0, 0}},
    {"ACIRC", {0xC2, 0, 0}}, {"ACUTE", {0xB4, 0, 0}}, {"ACY", {0x410, 0, 0}}, {"AELIG", {0xC6, 0, 0}},
    {"AElig", {0xC6, 0, 0}}, {"AF", {0x2061, 0, 0}}, {"AFR", {0x1D51E, 0, 0}}, {"AGRAVE", {0xC0, 0, 0}},
    {"ALEFSYM", {0x2135, 0, 0}}, {"ALEPH", {0x2135, 0, 0}}, {"ALPHA", {0x391, 0, 0}}, {"AMACR", {0x100, 0, 0}},
    {"AMALG", {0x2A3F, 0, 0}}, {"AMP", {0x26, 0, 0}}, {"AND", {0x2227, 0, 0}}, {"ANDAND", {0x2A55, 0, 0}},
    {"ANDD", {0x2A5C, 0, 0}}, {"ANDSLOPE", {0x2A58, 0, 0}}, {"ANDV", {0x2A5A, 0, 0}}, {"ANG", {0x2220, 0, 0}},
    {"ANGE", {0x29A4, 0, 0}}, {"ANGLE", {0x2220, 0, 0}}, {"ANGMSD", {0x2221, 0, 0}}, {"ANGMSDAA", {0x29A8, 0, 0}},
    {"ANGMSDAB", {0x29A9, 0, 0}}, {"ANGMSDAC", {0x29AA, 0, 0}}, {"ANGMSDAD", {0x29AB, 0, 0}},
    {"ANGMSDAE", {0x29AC, 0, 0}}, {"ANGMSDAF", {0x29AD, 0, 0}}, {"ANGMSDAG", {0x29AE, 0, 0}},
    {"ANGMSDAH", {0x29AF, 0, 0}}, {"ANGRT", {0x221F, 0, 0}}, {"ANGRTVB", {0x22BE, 0, 0}},
    {"ANGRTVBD", {0x299D, 0, 0}}, {"ANGSPH", {0x2222, 0, 0}}, {"ANGST", {0xC5, 0, 0}}, {"ANGZARR", {0x237C, 0, 0}},
    {"AOGON", {0x104, 0, 0}}, {"AOPF", {0x1D552, 0, 0}}, {"AP", {0x2248, 0, 0}}, {"APACIR", {0x2A6F, 0, 0}},
    {"APE", {0x224A, 0, 0}}, {"APID", {0x224B, 0, 0}}, {"APOS", {0x27, 0, 0}}, {"APPROX", {0x2248, 0, 0}},
    {"APPROXEQ", {0x224A, 0, 0}}, {"ARING", {0xC5, 0, 0}}, {"ASCR", {0x1D4B6, 0, 0}}, {"AST", {0x2A, 0, 0}},
    {"ASYMP", {0x2248, 0, 0}}, {"ASYMPEQ", {0x224D, 0, 0}}, {"ATILDE", {0xC3, 0, 0}}, {"AUML", {0xC4, 0, 0}},
    {"AWCONINT", {0x2233, 0, 0}}, {"AWINT", {0x2A11, 0, 0}}, {"Aacute", {0xC1, 0, 0}}, {"Abreve", {0x102, 0, 0}},
    {"Acirc", {0xC2, 0, 0}}, {"Acy", {0x410, 0, 0}}, {"Afr", {0x1D504, 0, 0}}, {"Agrave", {0xC0, 0, 0}},
    {"Alpha", {0x391, 0, 0}}, {"Amacr", {0x100, 0, 0}}, {"And", {0x2A53, 0, 0}}, {"Aogon", {0x104, 0, 0}},
    {"Aopf", {0x1D538, 0, 0}}, {"ApplyFunction", {0x2061, 0, 0}}, {"Aring", {0xC5, 0, 0}}, {"Ascr", {0x1D49C, 0, 0}},
    {"Assign", {0x2254, 0, 0}}, {"Atilde", {0xC3, 0, 0}}, {"Auml", {0xC4, 0, 0}}, {"BACKCONG", {0x224C, 0, 0}},
    {"BACKEPSILON", {0x3F6, 0, 0}}, {"BACKPRIME", {0x2035, 0, 0}}, {"BACKSIM", {0x223D, 0, 0}},
    {"BACKSIMEQ", {0x22CD, 0, 0}}, {"BARVEE", {0x22BD, 0, 0}}, {"BARWED", {0x2305, 0, 0}},
    {"BARWEDGE", {0x2305, 0, 0}}, {"BBRK", {0x23B5, 0, 0}}, {"BBRKTBRK", {0x23B6, 0, 0}}, {"BCONG", {0x224C, 0, 0}},
    {"BCY", {0x411, 0, 0}}, {"BDQUO", {0x201E, 0, 0}}, {"BECAUS", {0x2235, 0, 0}}, {"BECAUSE", {0x2235, 0, 0}},
    {"BEMPTYV", {0x29B0, 0, 0}}, {"BEPSI", {0x3F6, 0, 0}}, {"BERNOU", {0x212C, 0, 0}}, {"BETA", {0x392, 0, 0}},
    {"BETH", {0x2136, 0, 0}}, {"BETWEEN", {0x226C, 0, 0}}, {"BFR", {0x1D51F, 0, 0}}, {"BIGCAP", {0x22C2, 0, 0}},
    {"BIGCIRC", {0x25EF, 0, 0}}, {"BIGCUP", {0x22C3, 0, 0}}, {"BIGODOT", {0x2A00, 0, 0}},
    {"BIGOPLUS", {0x2A01, 0, 0}}, {"BIGOTIMES", {0x2A02, 0, 0}}, {"BIGSQCUP", {0x2A06, 0, 0}},
    {"BIGSTAR", {0x2605, 0, 0}}, {"BIGTRIANGLEDOWN", {0x25BD, 0, 0}}, {"BIGTRIANGLEUP", {0x25B3, 0, 0}},
    {"BIGUPLUS", {0x2A04, 0, 0}}, {"BIGVEE", {0x22C1, 0, 0}}, {"BIGWEDGE", {0x22C0, 0, 0}},
    {"BKAROW", {0x290D, 0, 0}}, {"BLACKLOZENGE", {0x29EB, 0, 0}}, {"BLACKSQUARE", {0x25AA, 0, 0}},
    {"BLACKTRIANGLE", {0x25B4, 0, 0}}, {"BLACKTRIANGLEDOWN", {0x25BE, 0, 0}}, {"BLACKTRIANGLELEFT", {0x25C2, 0, 0}},
    {"BLACKTRIANGLERIGHT", {0x25B8, 0, 0}}, {"BLANK", {0x2423, 0, 0}}, {"BLK12", {0x2592, 0, 0}},
    {"BLK14", {0x2591, 0, 0}}, {"BLK34", {0x2593, 0, 0}}, {"BLOCK", {0x2588, 0, 0}}, {"BNE", {0x3D, 0x20E5, 0}},
    {"BNEQUIV", {0x2261, 0x20E5, 0}}, {"BNOT", {0x2310, 0, 0}}, {"BOPF", {0x1D553, 0, 0}}, {"BOT", {0x22A5, 0, 0}},
    {"BOTTOM", {0x22A5, 0, 0}}, {"BOWTIE", {0x22C8, 0, 0}}, {"BOXBOX", {0x29C9, 0, 0}}, {"BOXDL", {0x2510, 0, 0}},
    {"BOXDR", {0x250C, 0, 0}}, {"BOXH", {0x2500, 0, 0}}, {"BOXHD", {0x252C, 0, 0}}, {"BOXHU", {0x2534, 0, 0}},
    {"BOXMINUS", {0x229F, 0, 0}}, {"BOXPLUS", {0x229E, 0, 0}}, {"BOXTIMES", {0x22A0, 0, 0}},
    {"BOXUL", {0x2518, 0, 0}}, {"BOXUR", {0x2514, 0, 0}}, {"BOXV", {0x2502, 0, 0}}, {"BOXVH", {0x253C, 0, 0}},
    {"BOXVL", {0x2524, 0, 0}}, {"BOXVR", {0x251C, 0, 0}}, {"BPRIME", {0x2035, 0, 0}}, {"BREVE", {0x2D8, 0, 0}},
    {"BRVBAR", {0xA6, 0, 0}}, {"BSCR", {0x1D4B7, 0, 0}}, {"BSEMI", {0x204F, 0, 0}}, {"BSIM", {0x223D, 0, 0}},
    {"BSIME", {0x22CD, 0, 0}}, {"BSOL", {0x5C, 0, 0}}, {"BSOLB", {0x29C5, 0, 0}}, {"BSOLHSUB", {0x27C8, 0, 0}},
    {"BULL", {0x2022, 0, 0}}, {"BULLET", {0x2022, 0, 0}}, {"BUMP", {0x224E, 0, 0}}, {"BUMPE", {0x224F, 0, 0}},
    {"BUMPEQ", {0x224F, 0, 0}}, {"Backslash", {0x2216, 0, 0}}, {"Barv", {0x2AE7, 0, 0}}, {"Barwed", {0x2306, 0, 0}},
    {"Bcy", {0x411, 0, 0}}, {"Because", {0x2235, 0, 0}}, {"Bernoullis", {0x212C, 0, 0}}, {"Beta", {0x392, 0, 0}},
    {"Bfr", {0x1D505, 0, 0}}, {"Bopf", {0x1D539, 0, 0}}, {"Breve", {0x2D8, 0, 0}}, {"Bscr", {0x212C, 0, 0}},
    {"Bumpeq", {0x224E, 0, 0}}, {"CACUTE", {0x106, 0, 0}}, {"CAP", {0x2229, 0, 0}}, {"CAPAND", {0x2A44, 0, 0}},
    {"CAPBRCUP", {0x2A49, 0, 0}}, {"CAPCAP", {0x2A4B, 0, 0}}, {"CAPCUP", {0x2A47, 0, 0}}, {"CAPDOT", {0x2A40, 0, 0}},
    {"CAPS", {0x2229, 0xFE00, 0}}, {"CARET", {0x2041, 0, 0}}, {"CARON", {0x2C7, 0, 0}}, {"CCAPS", {0x2A4D, 0, 0}},
    {"CCARON", {0x10C, 0, 0}}, {"CCEDIL", {0xC7, 0, 0}}, {"CCIRC", {0x108, 0, 0}}, {"CCUPS", {0x2A4C, 0, 0}},
    {"CCUPSSM", {0x2A50, 0, 0}}, {"CDOT", {0x10A, 0, 0}}, {"CEDIL", {0xB8, 0, 0}}, {"CEMPTYV", {0x29B2, 0, 0}},
    {"CENT", {0xA2, 0, 0}}, {"CENTERDOT", {0xB7, 0, 0}}, {"CFR", {0x1D520, 0, 0}}, {"CHCY", {0x427, 0, 0}},
    {"CHECK", {0x2713, 0, 0}}, {"CHECKMARK", {0x2713, 0, 0}}, {"CHI", {0x3A7, 0, 0}}, {"CHcy", {0x427, 0, 0}},
    {"CIR", {0x25CB, 0, 0}}, {"CIRC", {0x2C6, 0, 0}}, {"CIRCEQ", {0x2257, 0, 0}}, {"CIRCLEARROWLEFT", {0x21BA, 0, 0}},
    {"CIRCLEARROWRIGHT", {0x21BB, 0, 0}}, {"CIRCLEDAST", {0x229B, 0, 0}}, {"CIRCLEDCIRC", {0x229A, 0, 0}},
    {"CIRCLEDDASH", {0x229D, 0, 0}}, {"CIRE", {0x2257, 0, 0}}, {"CIRFNINT", {0x2A10, 0, 0}},
    {"CIRMID", {0x2AEF, 0, 0}}, {"CIRSCIR", {0x29C2, 0, 0}}, {"CLUBS", {0x2663, 0, 0}}, {"CLUBSUIT", {0x2663, 0, 0}},
    {"COLON", {0x3A, 0, 0}}, {"COLONE", {0x2254, 0, 0}}, {"COLONEQ", {0x2254, 0, 0}}, {"COMMA", {0x2C, 0, 0}},
    {"COMMAT", {0x40, 0, 0}}, {"COMP", {0x2201, 0, 0}}, {"COMPFN", {0x2218, 0, 0}}, {"COMPLEMENT", {0x2201, 0, 0}},
    {"COMPLEXES", {0x2102, 0, 0}}, {"CONG", {0x2245, 0, 0}}, {"CONGDOT", {0x2A6D, 0, 0}}, {"CONINT", {0x222E, 0, 0}},
    {"COPF", {0x1D554, 0, 0}}, {"COPROD", {0x2210, 0, 0}}, {"COPY", {0xA9, 0, 0}}, {"CRARR", {0x21B5, 0, 0}},
    {"CROSS", {0x2717, 0, 0}}, {"CSCR", {0x1D4B8, 0, 0}}, {"CSUB", {0x2ACF, 0, 0}}, {"CSUBE", {0x2AD1, 0, 0}},
    {"CSUP", {0x2AD0, 0, 0}}, {"CSUPE", {0x2AD2, 0, 0}}, {"CTDOT", {0x22EF, 0, 0}}, {"CUDARRL", {0x2938, 0, 0}},
    {"CUDARRR", {0x2935, 0, 0}}, {"CUEPR", {0x22DE, 0, 0}}, {"CUESC", {0x22DF, 0, 0}}, {"CULARR", {0x21B6, 0, 0}},
    {"CULARRP", {0x293D, 0, 0}}, {"CUP", {0x222A, 0, 0}}, {"CUPBRCAP", {0x2A48, 0, 0}}, {"CUPCAP", {0x2A46, 0, 0}},
    {"CUPCUP", {0x2A4A, 0, 0}}, {"CUPDOT", {0x228D, 0, 0}}, {"CUPOR", {0x2A45, 0, 0}}, {"CUPS", {0x222A, 0xFE00, 0}},
    {"CURARR", {0x21B7, 0, 0}}, {"CURARRM", {0x293C, 0, 0}}, {"CURLYEQPREC", {0x22DE, 0, 0}},
    {"CURLYEQSUCC", {0x22DF, 0, 0}}, {"CURLYVEE", {0x22CE, 0, 0}}, {"CURLYWEDGE", {0x22CF, 0, 0}},
    {"CURREN", {0xA4, 0, 0}}, {"CURVEARROWLEFT", {0x21B6, 0, 0}}, {"CURVEARROWRIGHT", {0x21B7, 0, 0}},
    {"CUVEE", {0x22CE, 0, 0}}, {"CUWED", {0x22CF, 0, 0}}, {"CWCONINT", {0x2232, 0, 0}}, {"CWINT", {0x2231, 0, 0}},
    {"CYLCTY", {0x232D, 0, 0}}, {"Cacute", {0x106, 0, 0}}, {"Cap", {0x22D2, 0, 0}},
    {"CapitalDifferentialD", {0x2145, 0, 0}}, {"Cayleys", {0x212D, 0, 0}}, {"Ccaron", {0x10C, 0, 0}},
    {"Ccedil", {0xC7, 0, 0}}, {"Ccirc", {0x108, 0, 0}}, {"Cconint", {0x2230, 0, 0}}, {"Cdot", {0x10A, 0, 0}},
    {"Cedilla", {0xB8, 0, 0}}, {"CenterDot", {0xB7, 0, 0}}, {"Cfr", {0x212D, 0, 0}}, {"Chi", {0x3A7, 0, 0}},
    {"CircleDot", {0x2299, 0, 0}}, {"CircleMinus", {0x2296, 0, 0}}, {"CirclePlus", {0x2295, 0, 0}},
    {"CircleTimes", {0x2297, 0, 0}}, {"ClockwiseContourIntegral", {0x2232, 0, 0}},
    {"CloseCurlyDoubleQuote", {0x201D, 0, 0}}, {"CloseCurlyQuote", {0x2019, 0, 0}}, {"Colon", {0x2237, 0, 0}},
    {"Colone", {0x2A74, 0, 0}}, {"Congruent", {0x2261, 0, 0}}, {"Conint", {0x222F, 0, 0}},
    {"ContourIntegral", {0x222E, 0, 0}}, {"Copf", {0x2102, 0, 0}}, {"Coproduct", {0x2210, 0, 0}},
    {"Cross", {0x2A2F, 0, 0}}, {"Cscr", {0x1D49E, 0, 0}}, {"Cup", {0x22D3, 0, 0}}, {"CupCap", {0x224D, 0, 0}},
    {"DAGGER", {0x2020, 0, 0}}, {"DALETH", {0x2138, 0, 0}}, {"DARR", {0x2193, 0, 0}}, {"DASH", {0x2010, 0, 0}},
    {"DASHV", {0x22A3, 0, 0}}, {"DBKAROW", {0x290F, 0, 0}}, {"DBLAC", {0x2DD, 0, 0}}, {"DCARON", {0x10E, 0, 0}},
    {"DCY", {0x414, 0, 0}}, {"DD", {0x2145, 0, 0}}, {"DDAGGER", {0x2021, 0, 0}}, {"DDARR", {0x21CA, 0, 0}},
    {"DDOTSEQ", {0x2A77, 0, 0}}, {"DDotrahd", {0x2911, 0, 0}}, {"DEG", {0xB0, 0, 0}}, {"DELTA", {0x394, 0, 0}},
    {"DEMPTYV", {0x29B1, 0, 0}}, {"DFISHT", {0x297F, 0, 0}}, {"DFR", {0x1D521, 0, 0}}, {"DHARL", {0x21C3, 0, 0}},
    {"DHARR", {0x21C2, 0, 0}}, {"DIAM", {0x22C4, 0, 0}}, {"DIAMOND", {0x22C4, 0, 0}}, {"DIAMONDSUIT", {0x2666, 0, 0}},
    {"DIAMS", {0x2666, 0, 0}}, {"DIE", {0xA8, 0, 0}}, {"DIGAMMA", {0x3DC, 0, 0}}, {"DISIN", {0x22F2, 0, 0}},
    {"DIV", {0xF7, 0, 0}}, {"DIVIDE", {0xF7, 0, 0}}, {"DIVIDEONTIMES", {0x22C7, 0, 0}}, {"DIVONX", {0x22C7, 0, 0}},
    {"DJCY", {0x402, 0, 0}}, {"DJcy", {0x402, 0, 0}}, {"DLCORN", {0x231E, 0, 0}}, {"DLCROP", {0x230D, 0, 0}},
    {"DOLLAR", {0x24, 0, 0}}, {"DOPF", {0x1D555, 0, 0}}, {"DOT", {0x2D9, 0, 0}}, {"DOTEQ", {0x2250, 0, 0}},
    {"DOTEQDOT", {0x2251, 0, 0}}, {"DOTMINUS", {0x2238, 0, 0}}, {"DOTPLUS", {0x2214, 0, 0}},
    {"DOTSQUARE", {0x22A1, 0, 0}}, {"DOUBLEBARWEDGE", {0x2306, 0, 0}}, {"DOWNARROW", {0x2193, 0, 0}},
    {"DOWNDOWNARROWS", {0x21CA, 0, 0}}, {"DOWNHARPOONLEFT", {0x21C3, 0, 0}}, {"DOWNHARPOONRIGHT", {0x21C2, 0, 0}},
    {"DRBKAROW", {0x2910, 0, 0}}, {"DRCORN", {0x231F, 0, 0}}, {"DRCROP", {0x230C, 0, 0}}, {"DSCR", {0x1D4B9, 0, 0}},
    {"DSCY", {0x405, 0, 0}}, {"DSOL", {0x29F6, 0, 0}}, {"DSTROK", {0x110, 0, 0}}, {"DScy", {0x405, 0, 0}},
    {"DTDOT", {0x22F1, 0, 0}}, {"DTRI", {0x25BF, 0, 0}}, {"DTRIF", {0x25BE, 0, 0}}, {"DUARR", {0x21F5, 0, 0}},
    {"DUHAR", {0x296F, 0, 0}}, {"DWANGLE", {0x29A6, 0, 0}}, {"DZCY", {0x40F, 0, 0}}, {"DZIGRARR", {0x27FF, 0, 0}},
    {"DZcy", {0x40F, 0, 0}}, {"Dagger", {0x2021, 0, 0}}, {"Darr", {0x21A1, 0, 0}}, {"Dashv", {0x2AE4, 0, 0}},
    {"Dcaron", {0x10E, 0, 0}}, {"Dcy", {0x414, 0, 0}}, {"Del", {0x2207, 0, 0}}, {"Delta", {0x394, 0, 0}},
    {"Dfr", {0x1D507, 0, 0}}, {"DiacriticalAcute", {0xB4, 0, 0}}, {"DiacriticalDot", {0x2D9, 0, 0}},
    {"DiacriticalDoubleAcute", {0x2DD, 0, 0}}, {"DiacriticalGrave", {0x60, 0, 0}},
    {"DiacriticalTilde", {0x2DC, 0, 0}}, {"Diamond", {0x22C4, 0, 0}}, {"DifferentialD", {0x2146, 0, 0}},
    {"Dopf", {0x1D53B, 0, 0}}, {"Dot", {0xA8, 0, 0}}, {"DotDot", {0x20DC, 0, 0}}, {"DotEqual", {0x2250, 0, 0}},
    {"DoubleContourIntegral", {0x222F, 0, 0}}, {"DoubleDot", {0xA8, 0, 0}}, {"DoubleDownArrow", {0x21D3, 0, 0}},
    {"DoubleLeftArrow", {0x21D0, 0, 0}}, {"DoubleLeftRightArrow", {0x21D4, 0, 0}}, {"DoubleLeftTee", {0x2AE4, 0, 0}},
    {"DoubleLongLeftArrow", {0x27F8, 0, 0}}, {"DoubleLongLeftRightArrow", {0x27FA, 0, 0}},
    {"DoubleLongRightArrow", {0x27F9, 0, 0}}, {"DoubleRightArrow", {0x21D2, 0, 0}},
    {"DoubleRightTee", {0x22A8, 0, 0}}, {"DoubleUpArrow", {0x21D1, 0, 0}}, {"DoubleUpDownArrow", {0x21D5, 0, 0}},
    {"DoubleVerticalBar", {0x2225, 0, 0}}, {"DownArrow", {0x2193, 0, 0}}, {"DownArrowBar", {0x2913, 0, 0}},
    {"DownArrowUpArrow", {0x21F5, 0, 0}}, {"DownBreve", {0x311, 0, 0}}, {"DownLeftRightVector", {0x2950, 0, 0}},
    {"DownLeftTeeVector", {0x295E, 0, 0}}, {"DownLeftVector", {0x21BD, 0, 0}}, {"DownLeftVectorBar", {0x2956, 0, 0}},
    {"DownRightTeeVector", {0x295F, 0, 0}}, {"DownRightVector", {0x21C1, 0, 0}},
    {"DownRightVectorBar", {0x2957, 0, 0}}, {"DownTee", {0x22A4, 0, 0}}, {"DownTeeArrow", {0x21A7, 0, 0}},
    {"Downarrow", {0x21D3, 0, 0}}, {"Dscr", {0x1D49F, 0, 0}}, {"Dstrok", {0x110, 0, 0}}, {"EACUTE", {0xC9, 0, 0}},
    {"EASTER", {0x2A6E, 0, 0}}, {"ECARON", {0x11A, 0, 0}}, {"ECIR", {0x2256, 0, 0}}, {"ECIRC", {0xCA, 0, 0}},
    {"ECOLON", {0x2255, 0, 0}}, {"ECY", {0x42D, 0, 0}}, {"EDOT", {0x116, 0, 0}}, {"EE", {0x2147, 0, 0}},
    {"EFR", {0x1D522, 0, 0}}, {"EG", {0x2A9A, 0, 0}}, {"EGRAVE", {0xC8, 0, 0}}, {"EGS", {0x2A96, 0, 0}},
    {"EGSDOT", {0x2A98, 0, 0}}, {"EL", {0x2A99, 0, 0}}, {"ELINTERS", {0x23E7, 0, 0}}, {"ELL", {0x2113, 0, 0}},
    {"ELS", {0x2A95, 0, 0}}, {"ELSDOT", {0x2A97, 0, 0}}, {"EMACR", {0x112, 0, 0}}, {"EMPTY", {0x2205, 0, 0}},
    {"EMPTYSET", {0x2205, 0, 0}}, {"EMPTYV", {0x2205, 0, 0}}, {"EMSP", {0x2003, 0, 0}}, {"EMSP13", {0x2004, 0, 0}},
    {"EMSP14", {0x2005, 0, 0}}, {"ENG", {0x14A, 0, 0}}, {"ENSP", {0x2002, 0, 0}}, {"EOGON", {0x118, 0, 0}},
    {"EOPF", {0x1D556, 0, 0}}, {"EPAR", {0x22D5, 0, 0}}, {"EPARSL", {0x29E3, 0, 0}}, {"EPLUS", {0x2A71, 0, 0}},
    {"EPSI", {0x395, 0, 0}}, {"EPSILON", {0x395, 0, 0}}, {"EPSIV", {0x395, 0, 0}}, {"EQCIRC", {0x2256, 0, 0}},
    {"EQCOLON", {0x2255, 0, 0}}, {"EQSIM", {0x2242, 0, 0}}, {"EQSLANTGTR", {0x2A96, 0, 0}},
    {"EQSLANTLESS", {0x2A95, 0, 0}}, {"EQUALS", {0x3D, 0, 0}}, {"EQUEST", {0x225F, 0, 0}}, {"EQUIV", {0x2261, 0, 0}},
    {"EQVPARSL", {0x29E5, 0, 0}}, {"ERARR", {0x2971, 0, 0}}, {"ESCR", {0x212F, 0, 0}}, {"ESDOT", {0x2250, 0, 0}},
    {"ESIM", {0x2242, 0, 0}}, {"ETA", {0x397, 0, 0}}, {"ETH", {0xD0, 0, 0}}, {"EUML", {0xCB, 0, 0}},
    {"EURO", {0x20AC, 0, 0}}, {"EXCL", {0x21, 0, 0}}, {"EXIST", {0x2203, 0, 0}}, {"EXPECTATION", {0x2130, 0, 0}},
    {"EXPONENTIALE", {0x2147, 0, 0}}, {"Eacute", {0xC9, 0, 0}}, {"Ecaron", {0x11A, 0, 0}}, {"Ecirc", {0xCA, 0, 0}},
    {"Ecy", {0x42D, 0, 0}}, {"Edot", {0x116, 0, 0}}, {"Efr", {0x1D508, 0, 0}}, {"Egrave", {0xC8, 0, 0}},
    {"Element", {0x2208, 0, 0}}, {"Emacr", {0x112, 0, 0}}, {"EmptySmallSquare", {0x25FB, 0, 0}},
    {"EmptyVerySmallSquare", {0x25AB, 0, 0}}, {"Eogon", {0x118, 0, 0}}, {"Eopf", {0x1D53C, 0, 0}},
    {"Epsilon", {0x395, 0, 0}}, {"Equal", {0x2A75, 0, 0}}, {"EqualTilde", {0x2242, 0, 0}},
    {"Equilibrium", {0x21CC, 0, 0}}, {"Escr", {0x2130, 0, 0}}, {"Esim", {0x2A73, 0, 0}}, {"Eta", {0x397, 0, 0}},
    {"Euml", {0xCB, 0, 0}}, {"Exists", {0x2203, 0, 0}}, {"ExponentialE", {0x2147, 0, 0}},
    {"FALLINGDOTSEQ", {0x2252, 0, 0}}, {"FCY", {0x424, 0, 0}}, {"FEMALE", {0x2640, 0, 0}},
    {"FFILIG", {0x46, 0x46, 0x49}}, {"FFLIG", {0x46, 0x46, 0}}, {"FFLLIG", {0x46, 0x46, 0x4C}},
    {"FFR", {0x1D523, 0, 0}}, {"FILIG", {0x46, 0x49, 0}}, {"FJLIG", {0x46, 0x4A, 0}}, {"FLAT", {0x266D, 0, 0}},
    {"FLLIG", {0x46, 0x4C, 0}}, {"FLTNS", {0x25B1, 0, 0}}, {"FNOF", {0x191, 0, 0}}, {"FOPF", {0x1D557, 0, 0}},
    {"FORALL", {0x2200, 0, 0}}, {"FORK", {0x22D4, 0, 0}}, {"FORKV", {0x2AD9, 0, 0}}, {"FPARTINT", {0x2A0D, 0, 0}},
    {"FRAC12", {0xBD, 0, 0}}, {"FRAC13", {0x2153, 0, 0}}, {"FRAC14", {0xBC, 0, 0}}, {"FRAC15", {0x2155, 0, 0}},
    {"FRAC16", {0x2159, 0, 0}}, {"FRAC18", {0x215B, 0, 0}}, {"FRAC23", {0x2154, 0, 0}}, {"FRAC25", {0x2156, 0, 0}},
    {"FRAC34", {0xBE, 0, 0}}, {"FRAC35", {0x2157, 0, 0}}, {"FRAC38", {0x215C, 0, 0}}, {"FRAC45", {0x2158, 0, 0}},
    {"FRAC56", {0x215A, 0, 0}}, {"FRAC58", {0x215D, 0, 0}}, {"FRAC78", {0x215E, 0, 0}}, {"FRASL", {0x2044, 0, 0}},
    {"FROWN", {0x2322, 0, 0}}, {"FSCR", {0x1D4BB, 0, 0}}, {"Fcy", {0x424, 0, 0}}, {"Ffr", {0x1D509, 0, 0}},
    {"FilledSmallSquare", {0x25FC, 0, 0}}, {"FilledVerySmallSquare", {0x25AA, 0, 0}}, {"Fopf", {0x1D53D, 0, 0}},
    {"ForAll", {0x2200, 0, 0}}, {"Fouriertrf", {0x2131, 0, 0}}, {"Fscr", {0x2131, 0, 0}}, {"GACUTE", {0x1F4, 0, 0}},
    {"GAMMA", {0x393, 0, 0}}, {"GAMMAD", {0x3DC, 0, 0}}, {"GAP", {0x2A86, 0, 0}}, {"GBREVE", {0x11E, 0, 0}},
    {"GCIRC", {0x11C, 0, 0}}, {"GCY", {0x413, 0, 0}}, {"GDOT", {0x120, 0, 0}}, {"GE", {0x2265, 0, 0}},
    {"GEL", {0x22DB, 0, 0}}, {"GEQ", {0x2265, 0, 0}}, {"GEQQ", {0x2267, 0, 0}}, {"GEQSLANT", {0x2A7E, 0, 0}},
    {"GES", {0x2A7E, 0, 0}}, {"GESCC", {0x2AA9, 0, 0}}, {"GESDOT", {0x2A80, 0, 0}}, {"GESDOTO", {0x2A82, 0, 0}},
    {"GESDOTOL", {0x2A84, 0, 0}}, {"GESL", {0x22DB, 0xFE00, 0}}, {"GESLES", {0x2A94, 0, 0}}, {"GFR", {0x1D524, 0, 0}},
    {"GG", {0x226B, 0, 0}}, {"GGG", {0x22D9, 0, 0}}, {"GIMEL", {0x2137, 0, 0}}, {"GJCY", {0x403, 0, 0}},
    {"GJcy", {0x403, 0, 0}}, {"GL", {0x2277, 0, 0}}, {"GLA", {0x2AA5, 0, 0}}, {"GLJ", {0x2AA4, 0, 0}},
    {"GNAP", {0x2A8A, 0, 0}}, {"GNAPPROX", {0x2A8A, 0, 0}}, {"GNE", {0x2A88, 0, 0}}, {"GNEQ", {0x2A88, 0, 0}},
    {"GNEQQ", {0x2269, 0, 0}}, {"GNSIM", {0x22E7, 0, 0}}, {"GOPF", {0x1D558, 0, 0}}, {"GRAVE", {0x60, 0, 0}},
    {"GSCR", {0x210A, 0, 0}}, {"GSIM", {0x2273, 0, 0}}, {"GSIME", {0x2A8E, 0, 0}}, {"GSIML", {0x2A90, 0, 0}},
    {"GT", {0x3E, 0, 0}}, {"GVERTNEQQ", {0x2269, 0xFE00, 0}}, {"Gamma", {0x393, 0, 0}}, {"Gammad", {0x3DC, 0, 0}},
    {"Gbreve", {0x11E, 0, 0}}, {"Gcedil", {0x122, 0, 0}}, {"Gcirc", {0x11C, 0, 0}}, {"Gcy", {0x413, 0, 0}},
    {"Gdot", {0x120, 0, 0}}, {"Gfr", {0x1D50A, 0, 0}}, {"Gg", {0x22D9, 0, 0}}, {"Gopf", {0x1D53E, 0, 0}},
    {"GreaterEqual", {0x2265, 0, 0}}, {"GreaterEqualLess", {0x22DB, 0, 0}}, {"GreaterFullEqual", {0x2267, 0, 0}},
    {"GreaterGreater", {0x2AA2, 0, 0}}, {"GreaterLess", {0x2277, 0, 0}}, {"GreaterSlantEqual", {0x2A7E, 0, 0}},
    {"GreaterTilde", {0x2273, 0, 0}}, {"Gscr", {0x1D4A2, 0, 0}}, {"Gt", {0x226B, 0, 0}}, {"HAIRSP", {0x200A, 0, 0}},
    {"HALF", {0xBD, 0, 0}}, {"HAMILT", {0x210B, 0, 0}}, {"HARDCY", {0x42A, 0, 0}}, {"HARDcy", {0x42A, 0, 0}},
    {"HARR", {0x2194, 0, 0}}, {"HARRCIR", {0x2948, 0, 0}}, {"HARRW", {0x21AD, 0, 0}}, {"HBAR", {0x210F, 0, 0}},
    {"HCIRC", {0x124, 0, 0}}, {"HEARTS", {0x2665, 0, 0}}, {"HEARTSUIT", {0x2665, 0, 0}}, {"HELLIP", {0x2026, 0, 0}},
    {"HERCON", {0x22B9, 0, 0}}, {"HFR", {0x1D525, 0, 0}}, {"HKSEAROW", {0x2925, 0, 0}}, {"HKSWAROW", {0x2926, 0, 0}},
    {"HOARR", {0x21FF, 0, 0}}, {"HOMTHT", {0x223B, 0, 0}}, {"HOOKLEFTARROW", {0x21A9, 0, 0}},
    {"HOOKRIGHTARROW", {0x21AA, 0, 0}}, {"HOPF", {0x1D559, 0, 0}}, {"HORBAR", {0x2015, 0, 0}},
    {"HSCR", {0x1D4BD, 0, 0}}, {"HSLASH", {0x210F, 0, 0}}, {"HSTROK", {0x126, 0, 0}}, {"HYBULL", {0x2043, 0, 0}},
    {"HYPHEN", {0x2010, 0, 0}}, {"Hacek", {0x2C7, 0, 0}}, {"Hat", {0x5E, 0, 0}}, {"Hcirc", {0x124, 0, 0}},
    {"Hfr", {0x210C, 0, 0}}, {"HilbertSpace", {0x210B, 0, 0}}, {"Hopf", {0x210D, 0, 0}},
    {"HorizontalLine", {0x2500, 0, 0}}, {"Hscr", {0x210B, 0, 0}}, {"Hstrok", {0x126, 0, 0}},
    {"HumpDownHump", {0x224E, 0, 0}}, {"HumpEqual", {0x224F, 0, 0}}, {"IACUTE", {0xCD, 0, 0}}, {"IC", {0x2063, 0, 0}},
    {"ICIRC", {0xCE, 0, 0}}, {"ICY", {0x418, 0, 0}}, {"IECY", {0x415, 0, 0}}, {"IEXCL", {0xA1, 0, 0}},
    {"IEcy", {0x415, 0, 0}}, {"IFF", {0x21D4, 0, 0}}, {"IFR", {0x1D526, 0, 0}}, {"IGRAVE", {0xCC, 0, 0}},
    {"II", {0x2148, 0, 0}}, {"IIIINT", {0x2A0C, 0, 0}}, {"IIINT", {0x222D, 0, 0}}, {"IINFIN", {0x29DC, 0, 0}},
    {"IIOTA", {0x2129, 0, 0}}, {"IJLIG", {0x132, 0, 0}}, {"IJlig", {0x132, 0, 0}}, {"IMACR", {0x12A, 0, 0}},
    {"IMAGE", {0x2111, 0, 0}}, {"IMAGLINE", {0x2110, 0, 0}}, {"IMAGPART", {0x2111, 0, 0}}, {"IMATH", {0x49, 0, 0}},
    {"IMOF", {0x22B7, 0, 0}}, {"IMPED", {0x1B5, 0, 0}}, {"IN", {0x2208, 0, 0}}, {"INCARE", {0x2105, 0, 0}},
    {"INFIN", {0x221E, 0, 0}}, {"INFINTIE", {0x29DD, 0, 0}}, {"INODOT", {0x49, 0, 0}}, {"INT", {0x222B, 0, 0}},
    {"INTCAL", {0x22BA, 0, 0}}, {"INTEGERS", {0x2124, 0, 0}}, {"INTERCAL", {0x22BA, 0, 0}},
    {"INTLARHK", {0x2A17, 0, 0}}, {"INTPROD", {0x2A3C, 0, 0}}, {"IOCY", {0x401, 0, 0}}, {"IOGON", {0x12E, 0, 0}},
    {"IOPF", {0x1D55A, 0, 0}}, {"IOTA", {0x399, 0, 0}}, {"IOcy", {0x401, 0, 0}}, {"IPROD", {0x2A3C, 0, 0}},
    {"IQUEST", {0xBF, 0, 0}}, {"ISCR", {0x1D4BE, 0, 0}}, {"ISIN", {0x2208, 0, 0}}, {"ISINDOT", {0x22F5, 0, 0}},
    {"ISINS", {0x22F4, 0, 0}}, {"ISINSV", {0x22F3, 0, 0}}, {"ISINV", {0x2208, 0, 0}}, {"IT", {0x2062, 0, 0}},
    {"ITILDE", {0x128, 0, 0}}, {"IUKCY", {0x406, 0, 0}}, {"IUML", {0xCF, 0, 0}}, {"Iacute", {0xCD, 0, 0}},
    {"Icirc", {0xCE, 0, 0}}, {"Icy", {0x418, 0, 0}}, {"Idot", {0x130, 0, 0}}, {"Ifr", {0x2111, 0, 0}},
    {"Igrave", {0xCC, 0, 0}}, {"Im", {0x2111, 0, 0}}, {"Imacr", {0x12A, 0, 0}}, {"ImaginaryI", {0x2148, 0, 0}},
    {"Implies", {0x21D2, 0, 0}}, {"Int", {0x222C, 0, 0}}, {"Integral", {0x222B, 0, 0}},
    {"Intersection", {0x22C2, 0, 0}}, {"InvisibleComma", {0x2063, 0, 0}}, {"InvisibleTimes", {0x2062, 0, 0}},
    {"Iogon", {0x12E, 0, 0}}, {"Iopf", {0x1D540, 0, 0}}, {"Iota", {0x399, 0, 0}}, {"Iscr", {0x2110, 0, 0}},
    {"Itilde", {0x128, 0, 0}}, {"Iukcy", {0x406, 0, 0}}, {"Iuml", {0xCF, 0, 0}}, {"JCIRC", {0x134, 0, 0}},
    {"JCY", {0x419, 0, 0}}, {"JFR", {0x1D527, 0, 0}}, {"JMATH", {0x237, 0, 0}}, {"JOPF", {0x1D55B, 0, 0}},
    {"JSCR", {0x1D4BF, 0, 0}}, {"JSERCY", {0x408, 0, 0}}, {"JUKCY", {0x404, 0, 0}}, {"Jcirc", {0x134, 0, 0}},
    {"Jcy", {0x419, 0, 0}}, {"Jfr", {0x1D50D, 0, 0}}, {"Jopf", {0x1D541, 0, 0}}, {"Jscr", {0x1D4A5, 0, 0}},
    {"Jsercy", {0x408, 0, 0}}, {"Jukcy", {0x404, 0, 0}}, {"KAPPA", {0x39A, 0, 0}}, {"KAPPAV", {0x39A, 0, 0}},
    {"KCEDIL", {0x136, 0, 0}}, {"KCY", {0x41A, 0, 0}}, {"KFR", {0x1D528, 0, 0}}, {"KGREEN", {0x138, 0, 0}},
    {"KHCY", {0x425, 0, 0}}, {"KHcy", {0x425, 0, 0}}, {"KJCY", {0x40C, 0, 0}}, {"KJcy", {0x40C, 0, 0}},
    {"KOPF", {0x1D55C, 0, 0}}, {"KSCR", {0x1D4C0, 0, 0}}, {"Kappa", {0x39A, 0, 0}}, {"Kcedil", {0x136, 0, 0}},
    {"Kcy", {0x41A, 0, 0}}, {"Kfr", {0x1D50E, 0, 0}}, {"Kopf", {0x1D542, 0, 0}}, {"Kscr", {0x1D4A6, 0, 0}},
    {"LACUTE", {0x139, 0, 0}}, {"LAEMPTYV", {0x29B4, 0, 0}}, {"LAGRAN", {0x2112, 0, 0}}, {"LAMBDA", {0x39B, 0, 0}},
    {"LANG", {0x27E8, 0, 0}}, {"LANGD", {0x2991, 0, 0}}, {"LANGLE", {0x27E8, 0, 0}}, {"LAP", {0x2A85, 0, 0}},
    {"LAQUO", {0xAB, 0, 0}}, {"LARR", {0x2190, 0, 0}}, {"LARRB", {0x21E4, 0, 0}}, {"LARRBFS", {0x291F, 0, 0}},
    {"LARRFS", {0x291D, 0, 0}}, {"LARRHK", {0x21A9, 0, 0}}, {"LARRLP", {0x21AB, 0, 0}}, {"LARRPL", {0x2939, 0, 0}},
    {"LARRSIM", {0x2973, 0, 0}}, {"LARRTL", {0x21A2, 0, 0}}, {"LAT", {0x2AAB, 0, 0}}, {"LATAIL", {0x2919, 0, 0}},
    {"LATE", {0x2AAD, 0, 0}}, {"LATES", {0x2AAD, 0xFE00, 0}}, {"LBARR", {0x290C, 0, 0}}, {"LBBRK", {0x2772, 0, 0}},
    {"LBRACE", {0x7B, 0, 0}}, {"LBRACK", {0x5B, 0, 0}}, {"LBRKE", {0x298B, 0, 0}}, {"LBRKSLD", {0x298F, 0, 0}},
    {"LBRKSLU", {0x298D, 0, 0}}, {"LCARON", {0x13D, 0, 0}}, {"LCEDIL", {0x13B, 0, 0}}, {"LCEIL", {0x2308, 0, 0}},
    {"LCUB", {0x7B, 0, 0}}, {"LCY", {0x41B, 0, 0}}, {"LDCA", {0x2936, 0, 0}}, {"LDQUO", {0x201C, 0, 0}},
    {"LDQUOR", {0x201E, 0, 0}}, {"LDRDHAR", {0x2967, 0, 0}}, {"LDRUSHAR", {0x294B, 0, 0}}, {"LDSH", {0x21B2, 0, 0}},
    {"LE", {0x2264, 0, 0}}, {"LEFTARROW", {0x2190, 0, 0}}, {"LEFTARROWTAIL", {0x21A2, 0, 0}},
    {"LEFTHARPOONDOWN", {0x21BD, 0, 0}}, {"LEFTHARPOONUP", {0x21BC, 0, 0}}, {"LEFTLEFTARROWS", {0x21C7, 0, 0}},
    {"LEFTRIGHTARROW", {0x2194, 0, 0}}, {"LEFTRIGHTARROWS", {0x21C6, 0, 0}}, {"LEFTRIGHTHARPOONS", {0x21CB, 0, 0}},
    {"LEFTRIGHTSQUIGARROW", {0x21AD, 0, 0}}, {"LEFTTHREETIMES", {0x22CB, 0, 0}}, {"LEG", {0x22DA, 0, 0}},
    {"LEQ", {0x2264, 0, 0}}, {"LEQQ", {0x2266, 0, 0}}, {"LEQSLANT", {0x2A7D, 0, 0}}, {"LES", {0x2A7D, 0, 0}},
    {"LESCC", {0x2AA8, 0, 0}}, {"LESDOT", {0x2A7F, 0, 0}}, {"LESDOTO", {0x2A81, 0, 0}}, {"LESDOTOR", {0x2A83, 0, 0}},
    {"LESG", {0x22DA, 0xFE00, 0}}, {"LESGES", {0x2A93, 0, 0}}, {"LESSAPPROX", {0x2A85, 0, 0}},
    {"LESSDOT", {0x22D6, 0, 0}}, {"LESSEQGTR", {0x22DA, 0, 0}}, {"LESSEQQGTR", {0x2A8B, 0, 0}},
    {"LESSGTR", {0x2276, 0, 0}}, {"LESSSIM", {0x2272, 0, 0}}, {"LFISHT", {0x297C, 0, 0}}, {"LFLOOR", {0x230A, 0, 0}},
    {"LFR", {0x1D529, 0, 0}}, {"LG", {0x2276, 0, 0}}, {"LHARD", {0x21BD, 0, 0}}, {"LHARU", {0x21BC, 0, 0}},
    {"LHARUL", {0x296A, 0, 0}}, {"LHBLK", {0x2584, 0, 0}}, {"LJCY", {0x409, 0, 0}}, {"LJcy", {0x409, 0, 0}},
    {"LL", {0x226A, 0, 0}}, {"LLARR", {0x21C7, 0, 0}}, {"LLCORNER", {0x231E, 0, 0}}, {"LLHARD", {0x296B, 0, 0}},
    {"LLTRI", {0x25FA, 0, 0}}, {"LMIDOT", {0x13F, 0, 0}}, {"LMOUST", {0x23B0, 0, 0}}, {"LMOUSTACHE", {0x23B0, 0, 0}},
    {"LNAP", {0x2A89, 0, 0}}, {"LNAPPROX", {0x2A89, 0, 0}}, {"LNE", {0x2A87, 0, 0}}, {"LNEQ", {0x2A87, 0, 0}},
    {"LNEQQ", {0x2268, 0, 0}}, {"LNSIM", {0x22E6, 0, 0}}, {"LOANG", {0x27EC, 0, 0}}, {"LOARR", {0x21FD, 0, 0}},
    {"LOBRK", {0x27E6, 0, 0}}, {"LONGLEFTARROW", {0x27F5, 0, 0}}, {"LONGLEFTRIGHTARROW", {0x27F7, 0, 0}},
    {"LONGMAPSTO", {0x27FC, 0, 0}}, {"LONGRIGHTARROW", {0x27F6, 0, 0}}, {"LOOPARROWLEFT", {0x21AB, 0, 0}},
    {"LOOPARROWRIGHT", {0x21AC, 0, 0}}, {"LOPAR", {0x2985, 0, 0}}, {"LOPF", {0x1D55D, 0, 0}},
    {"LOPLUS", {0x2A2D, 0, 0}}, {"LOTIMES", {0x2A34, 0, 0}}, {"LOWAST", {0x2217, 0, 0}}, {"LOWBAR", {0x5F, 0, 0}},
    {"LOZ", {0x25CA, 0, 0}}, {"LOZENGE", {0x25CA, 0, 0}}, {"LOZF", {0x29EB, 0, 0}}, {"LPAR", {0x28, 0, 0}},
    {"LPARLT", {0x2993, 0, 0}}, {"LRARR", {0x21C6, 0, 0}}, {"LRCORNER", {0x231F, 0, 0}}, {"LRHAR", {0x21CB, 0, 0}},
    {"LRHARD", {0x296D, 0, 0}}, {"LRM", {0x200E, 0, 0}}, {"LRTRI", {0x22BF, 0, 0}}, {"LSAQUO", {0x2039, 0, 0}},
    {"LSCR", {0x1D4C1, 0, 0}}, {"LSH", {0x21B0, 0, 0}}, {"LSIM", {0x2272, 0, 0}}, {"LSIME", {0x2A8D, 0, 0}},
    {"LSIMG", {0x2A8F, 0, 0}}, {"LSQB", {0x5B, 0, 0}}, {"LSQUO", {0x2018, 0, 0}}, {"LSQUOR", {0x201A, 0, 0}},
    {"LSTROK", {0x141, 0, 0}}, {"LT", {0x3C, 0, 0}}, {"LURDSHAR", {0x294A, 0, 0}}, {"LURUHAR", {0x2966, 0, 0}},
    {"LVERTNEQQ", {0x2268, 0xFE00, 0}}, {"Lacute", {0x139, 0, 0}}, {"Lambda", {0x39B, 0, 0}},
    {"Lang", {0x27EA, 0, 0}}, {"Laplacetrf", {0x2112, 0, 0}}, {"Larr", {0x219E, 0, 0}}, {"Lcaron", {0x13D, 0, 0}},
    {"Lcedil", {0x13B, 0, 0}}, {"Lcy", {0x41B, 0, 0}}, {"LeftAngleBracket", {0x27E8, 0, 0}},
    {"LeftArrow", {0x2190, 0, 0}}, {"LeftArrowBar", {0x21E4, 0, 0}}, {"LeftArrowRightArrow", {0x21C6, 0, 0}},
    {"LeftCeiling", {0x2308, 0, 0}}, {"LeftDoubleBracket", {0x27E6, 0, 0}}, {"LeftDownTeeVector", {0x2961, 0, 0}},
    {"LeftDownVector", {0x21C3, 0, 0}}, {"LeftDownVectorBar", {0x2959, 0, 0}}, {"LeftFloor", {0x230A, 0, 0}},
    {"LeftRightArrow", {0x2194, 0, 0}}, {"LeftRightVector", {0x294E, 0, 0}}, {"LeftTee", {0x22A3, 0, 0}},
    {"LeftTeeArrow", {0x21A4, 0, 0}}, {"LeftTeeVector", {0x295A, 0, 0}}, {"LeftTriangle", {0x22B2, 0, 0}},
    {"LeftTriangleBar", {0x29CF, 0, 0}}, {"LeftTriangleEqual", {0x22B4, 0, 0}}, {"LeftUpDownVector", {0x2951, 0, 0}},
    {"LeftUpTeeVector", {0x2960, 0, 0}}, {"LeftUpVector", {0x21BF, 0, 0}}, {"LeftUpVectorBar", {0x2958, 0, 0}},
    {"LeftVector", {0x21BC, 0, 0}}, {"LeftVectorBar", {0x2952, 0, 0}}, {"Leftarrow", {0x21D0, 0, 0}},
    {"Leftrightarrow", {0x21D4, 0, 0}}, {"LessEqualGreater", {0x22DA, 0, 0}}, {"LessFullEqual", {0x2266, 0, 0}},
    {"LessGreater", {0x2276, 0, 0}}, {"LessLess", {0x2AA1, 0, 0}}, {"LessSlantEqual", {0x2A7D, 0, 0}},
    {"LessTilde", {0x2272, 0, 0}}, {"Lfr", {0x1D50F, 0, 0}}, {"Ll", {0x22D8, 0, 0}}, {"Lleftarrow", {0x21DA, 0, 0}},
    {"Lmidot", {0x13F, 0, 0}}, {"LongLeftArrow", {0x27F5, 0, 0}}, {"LongLeftRightArrow", {0x27F7, 0, 0}},
    {"LongRightArrow", {0x27F6, 0, 0}}, {"Longleftarrow", {0x27F8, 0, 0}}, {"Longleftrightarrow", {0x27FA, 0, 0}},
    {"Longrightarrow", {0x27F9, 0, 0}}, {"Lopf", {0x1D543, 0, 0}}, {"LowerLeftArrow", {0x2199, 0, 0}},
    {"LowerRightArrow", {0x2198, 0, 0}}, {"Lscr", {0x2112, 0, 0}}, {"Lsh", {0x21B0, 0, 0}}, {"Lstrok", {0x141, 0, 0}},
    {"Lt", {0x226A, 0, 0}}, {"MACR", {0xAF, 0, 0}}, {"MALE", {0x2642, 0, 0}}, {"MALT", {0x2720, 0, 0}},
    {"MALTESE", {0x2720, 0, 0}}, {"MAP", {0x21A6, 0, 0}}, {"MAPSTO", {0x21A6, 0, 0}}, {"MAPSTODOWN", {0x21A7, 0, 0}},
    {"MAPSTOLEFT", {0x21A4, 0, 0}}, {"MAPSTOUP", {0x21A5, 0, 0}}, {"MARKER", {0x25AE, 0, 0}},
    {"MCOMMA", {0x2A29, 0, 0}}, {"MCY", {0x41C, 0, 0}}, {"MDASH", {0x2014, 0, 0}}, {"MEASUREDANGLE", {0x2221, 0, 0}},
    {"MFR", {0x1D52A, 0, 0}}, {"MHO", {0x2127, 0, 0}}, {"MICRO", {0x39C, 0, 0}}, {"MID", {0x2223, 0, 0}},
    {"MIDAST", {0x2A, 0, 0}}, {"MIDCIR", {0x2AF0, 0, 0}}, {"MIDDOT", {0xB7, 0, 0}}, {"MINUS", {0x2212, 0, 0}},
    {"MINUSB", {0x229F, 0, 0}}, {"MINUSD", {0x2238, 0, 0}}, {"MINUSDU", {0x2A2A, 0, 0}}, {"MLCP", {0x2ADB, 0, 0}},
    {"MLDR", {0x2026, 0, 0}}, {"MNPLUS", {0x2213, 0, 0}}, {"MODELS", {0x22A7, 0, 0}}, {"MOPF", {0x1D55E, 0, 0}},
    {"MP", {0x2213, 0, 0}}, {"MSCR", {0x1D4C2, 0, 0}}, {"MSTPOS", {0x223E, 0, 0}}, {"MU", {0x39C, 0, 0}},
    {"MULTIMAP", {0x22B8, 0, 0}}, {"MUMAP", {0x22B8, 0, 0}}, {"Map", {0x2905, 0, 0}}, {"Mcy", {0x41C, 0, 0}},
    {"MediumSpace", {0x205F, 0, 0}}, {"Mellintrf", {0x2133, 0, 0}}, {"Mfr", {0x1D510, 0, 0}},
    {"MinusPlus", {0x2213, 0, 0}}, {"Mopf", {0x1D544, 0, 0}}, {"Mscr", {0x2133, 0, 0}}, {"Mu", {0x39C, 0, 0}},
    {"NABLA", {0x2207, 0, 0}}, {"NACUTE", {0x143, 0, 0}}, {"NANG", {0x2220, 0x20D2, 0}}, {"NAP", {0x2249, 0, 0}},
    {"NAPID", {0x224B, 0x338, 0}}, {"NAPOS", {0x2BC, 0x4E, 0}}, {"NAPPROX", {0x2249, 0, 0}},
    {"NATUR", {0x266E, 0, 0}}, {"NATURAL", {0x266E, 0, 0}}, {"NATURALS", {0x2115, 0, 0}}, {"NBSP", {0xA0, 0, 0}},
    {"NBUMP", {0x224E, 0x338, 0}}, {"NBUMPE", {0x224F, 0x338, 0}}, {"NCAP", {0x2A43, 0, 0}},
    {"NCARON", {0x147, 0, 0}}, {"NCEDIL", {0x145, 0, 0}}, {"NCONG", {0x2247, 0, 0}}, {"NCONGDOT", {0x2A6D, 0x338, 0}},
    {"NCUP", {0x2A42, 0, 0}}, {"NCY", {0x41D, 0, 0}}, {"NDASH", {0x2013, 0, 0}}, {"NE", {0x2260, 0, 0}},
    {"NEARHK", {0x2924, 0, 0}}, {"NEARR", {0x2197, 0, 0}}, {"NEARROW", {0x2197, 0, 0}}, {"NEDOT", {0x2250, 0x338, 0}},
    {"NEQUIV", {0x2262, 0, 0}}, {"NESEAR", {0x2928, 0, 0}}, {"NESIM", {0x2242, 0x338, 0}}, {"NEXIST", {0x2204, 0, 0}},
    {"NEXISTS", {0x2204, 0, 0}}, {"NFR", {0x1D52B, 0, 0}}, {"NGE", {0x2271, 0, 0}}, {"NGEQ", {0x2271, 0, 0}},
    {"NGEQQ", {0x2267, 0x338, 0}}, {"NGEQSLANT", {0x2A7E, 0x338, 0}}, {"NGES", {0x2A7E, 0x338, 0}},
    {"NGSIM", {0x2275, 0, 0}}, {"NGT", {0x226F, 0, 0}}, {"NGTR", {0x226F, 0, 0}}, {"NHARR", {0x21AE, 0, 0}},
    {"NHPAR", {0x2AF2, 0, 0}}, {"NI", {0x220B, 0, 0}}, {"NIS", {0x22FC, 0, 0}}, {"NISD", {0x22FA, 0, 0}},
    {"NIV", {0x220B, 0, 0}}, {"NJCY", {0x40A, 0, 0}}, {"NJcy", {0x40A, 0, 0}}, {"NLARR", {0x219A, 0, 0}},
    {"NLDR", {0x2025, 0, 0}}, {"NLE", {0x2270, 0, 0}}, {"NLEFTARROW", {0x219A, 0, 0}},
    {"NLEFTRIGHTARROW", {0x21AE, 0, 0}}, {"NLEQ", {0x2270, 0, 0}}, {"NLEQQ", {0x2266, 0x338, 0}},
    {"NLEQSLANT", {0x2A7D, 0x338, 0}}, {"NLES", {0x2A7D, 0x338, 0}}, {"NLESS", {0x226E, 0, 0}},
    {"NLSIM", {0x2274, 0, 0}}, {"NLT", {0x226E, 0, 0}}, {"NLTRI", {0x22EA, 0, 0}}, {"NLTRIE", {0x22EC, 0, 0}},
    {"NMID", {0x2224, 0, 0}}, {"NOPF", {0x1D55F, 0, 0}}, {"NOT", {0xAC, 0, 0}}, {"NOTIN", {0x2209, 0, 0}},
    {"NOTINDOT", {0x22F5, 0x338, 0}}, {"NOTINVA", {0x2209, 0, 0}}, {"NOTINVB", {0x22F7, 0, 0}},
    {"NOTINVC", {0x22F6, 0, 0}}, {"NOTNI", {0x220C, 0, 0}}, {"NOTNIVA", {0x220C, 0, 0}}, {"NOTNIVB", {0x22FE, 0, 0}},
    {"NOTNIVC", {0x22FD, 0, 0}}, {"NPAR", {0x2226, 0, 0}}, {"NPARALLEL", {0x2226, 0, 0}},
    {"NPARSL", {0x2AFD, 0x20E5, 0}}, {"NPART", {0x2202, 0x338, 0}}, {"NPOLINT", {0x2A14, 0, 0}},
    {"NPR", {0x2280, 0, 0}}, {"NPRCUE", {0x22E0, 0, 0}}, {"NPRE", {0x2AAF, 0x338, 0}}, {"NPREC", {0x2280, 0, 0}},
    {"NPRECEQ", {0x2AAF, 0x338, 0}}, {"NRARR", {0x219B, 0, 0}}, {"NRARRC", {0x2933, 0x338, 0}},
    {"NRARRW", {0x219D, 0x338, 0}}, {"NRIGHTARROW", {0x219B, 0, 0}}, {"NRTRI", {0x22EB, 0, 0}},
    {"NRTRIE", {0x22ED, 0, 0}}, {"NSC", {0x2281, 0, 0}}, {"NSCCUE", {0x22E1, 0, 0}}, {"NSCE", {0x2AB0, 0x338, 0}},
    {"NSCR", {0x1D4C3, 0, 0}}, {"NSHORTMID", {0x2224, 0, 0}}, {"NSHORTPARALLEL", {0x2226, 0, 0}},
    {"NSIM", {0x2241, 0, 0}}, {"NSIME", {0x2244, 0, 0}}, {"NSIMEQ", {0x2244, 0, 0}}, {"NSMID", {0x2224, 0, 0}},
    {"NSPAR", {0x2226, 0, 0}}, {"NSQSUBE", {0x22E2, 0, 0}}, {"NSQSUPE", {0x22E3, 0, 0}}, {"NSUB", {0x2284, 0, 0}},
    {"NSUBE", {0x2288, 0, 0}}, {"NSUBSET", {0x2282, 0x20D2, 0}}, {"NSUBSETEQ", {0x2288, 0, 0}},
    {"NSUBSETEQQ", {0x2AC5, 0x338, 0}}, {"NSUCC", {0x2281, 0, 0}}, {"NSUCCEQ", {0x2AB0, 0x338, 0}},
    {"NSUP", {0x2285, 0, 0}}, {"NSUPE", {0x2289, 0, 0}}, {"NSUPSET", {0x2283, 0x20D2, 0}},
    {"NSUPSETEQ", {0x2289, 0, 0}}, {"NSUPSETEQQ", {0x2AC6, 0x338, 0}}, {"NTGL", {0x2279, 0, 0}},
    {"NTILDE", {0xD1, 0, 0}}, {"NTLG", {0x2278, 0, 0}}, {"NTRIANGLELEFT", {0x22EA, 0, 0}},
    {"NTRIANGLELEFTEQ", {0x22EC, 0, 0}}, {"NTRIANGLERIGHT", {0x22EB, 0, 0}}, {"NTRIANGLERIGHTEQ", {0x22ED, 0, 0}},
    {"NU", {0x39D, 0, 0}}, {"NUM", {0x23, 0, 0}}, {"NUMERO", {0x2116, 0, 0}}, {"NUMSP", {0x2007, 0, 0}},
    {"NVAP", {0x224D, 0x20D2, 0}}, {"NVDASH", {0x22AC, 0, 0}}, {"NVGE", {0x2265, 0x20D2, 0}},
    {"NVGT", {0x3E, 0x20D2, 0}}, {"NVINFIN", {0x29DE, 0, 0}}, {"NVLE", {0x2264, 0x20D2, 0}},
    {"NVLT", {0x3C, 0x20D2, 0}}, {"NVLTRIE", {0x22B4, 0x20D2, 0}}, {"NVRTRIE", {0x22B5, 0x20D2, 0}},
    {"NVSIM", {0x223C, 0x20D2, 0}}, {"NWARHK", {0x2923, 0, 0}}, {"NWARR", {0x2196, 0, 0}},
    {"NWARROW", {0x2196, 0, 0}}, {"NWNEAR", {0x2927, 0, 0}}, {"Nacute", {0x143, 0, 0}}, {"Ncaron", {0x147, 0, 0}},
    {"Ncedil", {0x145, 0, 0}}, {"Ncy", {0x41D, 0, 0}}, {"NegativeMediumSpace", {0x200B, 0, 0}},
    {"NegativeThickSpace", {0x200B, 0, 0}}, {"NegativeThinSpace", {0x200B, 0, 0}},
    {"NegativeVeryThinSpace", {0x200B, 0, 0}}, {"NestedGreaterGreater", {0x226B, 0, 0}},
    {"NestedLessLess", {0x226A, 0, 0}}, {"NewLine", {0xA, 0, 0}}, {"Nfr", {0x1D511, 0, 0}},
    {"NoBreak", {0x2060, 0, 0}}, {"NonBreakingSpace", {0xA0, 0, 0}}, {"Nopf", {0x2115, 0, 0}},
    {"Not", {0x2AEC, 0, 0}}, {"NotCongruent", {0x2262, 0, 0}}, {"NotCupCap", {0x226D, 0, 0}},
    {"NotDoubleVerticalBar", {0x2226, 0, 0}}, {"NotElement", {0x2209, 0, 0}}, {"NotEqual", {0x2260, 0, 0}},
    {"NotEqualTilde", {0x2242, 0x338, 0}}, {"NotExists", {0x2204, 0, 0}}, {"NotGreater", {0x226F, 0, 0}},
    {"NotGreaterEqual", {0x2271, 0, 0}}, {"NotGreaterFullEqual", {0x2267, 0x338, 0}},
    {"NotGreaterGreater", {0x226B, 0x338, 0}}, {"NotGreaterLess", {0x2279, 0, 0}},
    {"NotGreaterSlantEqual", {0x2A7E, 0x338, 0}}, {"NotGreaterTilde", {0x2275, 0, 0}},
    {"NotHumpDownHump", {0x224E, 0x338, 0}}, {"NotHumpEqual", {0x224F, 0x338, 0}},
    {"NotLeftTriangle", {0x22EA, 0, 0}}, {"NotLeftTriangleBar", {0x29CF, 0x338, 0}},
    {"NotLeftTriangleEqual", {0x22EC, 0, 0}}, {"NotLess", {0x226E, 0, 0}}, {"NotLessEqual", {0x2270, 0, 0}},
    {"NotLessGreater", {0x2278, 0, 0}}, {"NotLessLess", {0x226A, 0x338, 0}},
    {"NotLessSlantEqual", {0x2A7D, 0x338, 0}}, {"NotLessTilde", {0x2274, 0, 0}},
    {"NotNestedGreaterGreater", {0x2AA2, 0x338, 0}}, {"NotNestedLessLess", {0x2AA1, 0x338, 0}},
    {"NotPrecedes", {0x2280, 0, 0}}, {"NotPrecedesEqual", {0x2AAF, 0x338, 0}},
    {"NotPrecedesSlantEqual", {0x22E0, 0, 0}}, {"NotReverseElement", {0x220C, 0, 0}},
    {"NotRightTriangle", {0x22EB, 0, 0}}, {"NotRightTriangleBar", {0x29D0, 0x338, 0}},
    {"NotRightTriangleEqual", {0x22ED, 0, 0}}, {"NotSquareSubset", {0x228F, 0x338, 0}},
    {"NotSquareSubsetEqual", {0x22E2, 0, 0}}, {"NotSquareSuperset", {0x2290, 0x338, 0}},
    {"NotSquareSupersetEqual", {0x22E3, 0, 0}}, {"NotSubset", {0x2282, 0x20D2, 0}},
    {"NotSubsetEqual", {0x2288, 0, 0}}, {"NotSucceeds", {0x2281, 0, 0}}, {"NotSucceedsEqual", {0x2AB0, 0x338, 0}},
    {"NotSucceedsSlantEqual", {0x22E1, 0, 0}}, {"NotSucceedsTilde", {0x227F, 0x338, 0}},
    {"NotSuperset", {0x2283, 0x20D2, 0}}, {"NotSupersetEqual", {0x2289, 0, 0}}, {"NotTilde", {0x2241, 0, 0}},
    {"NotTildeEqual", {0x2244, 0, 0}}, {"NotTildeFullEqual", {0x2247, 0, 0}}, {"NotTildeTilde", {0x2249, 0, 0}},
    {"NotVerticalBar", {0x2224, 0, 0}}, {"Nscr", {0x1D4A9, 0, 0}}, {"Ntilde", {0xD1, 0, 0}}, {"Nu", {0x39D, 0, 0}},
    {"OACUTE", {0xD3, 0, 0}}, {"OAST", {0x229B, 0, 0}}, {"OCIR", {0x229A, 0, 0}}, {"OCIRC", {0xD4, 0, 0}},
    {"OCY", {0x41E, 0, 0}}, {"ODASH", {0x229D, 0, 0}}, {"ODBLAC", {0x150, 0, 0}}, {"ODIV", {0x2A38, 0, 0}},
    {"ODOT", {0x2299, 0, 0}}, {"ODSOLD", {0x29BC, 0, 0}}, {"OELIG", {0x152, 0, 0}}, {"OElig", {0x152, 0, 0}},
    {"OFCIR", {0x29BF, 0, 0}}, {"OFR", {0x1D52C, 0, 0}}, {"OGON", {0x2DB, 0, 0}}, {"OGRAVE", {0xD2, 0, 0}},
    {"OGT", {0x29C1, 0, 0}}, {"OHBAR", {0x29B5, 0, 0}}, {"OHM", {0x3A9, 0, 0}}, {"OINT", {0x222E, 0, 0}},
    {"OLARR", {0x21BA, 0, 0}}, {"OLCIR", {0x29BE, 0, 0}}, {"OLCROSS", {0x29BB, 0, 0}}, {"OLINE", {0x203E, 0, 0}},
    {"OLT", {0x29C0, 0, 0}}, {"OMACR", {0x14C, 0, 0}}, {"OMEGA", {0x3A9, 0, 0}}, {"OMICRON", {0x39F, 0, 0}},
    {"OMID", {0x29B6, 0, 0}}, {"OMINUS", {0x2296, 0, 0}}, {"OOPF", {0x1D560, 0, 0}}, {"OPAR", {0x29B7, 0, 0}},
    {"OPERP", {0x29B9, 0, 0}}, {"OPLUS", {0x2295, 0, 0}}, {"OR", {0x2228, 0, 0}}, {"ORARR", {0x21BB, 0, 0}},
    {"ORD", {0x2A5D, 0, 0}}, {"ORDER", {0x2134, 0, 0}}, {"ORDEROF", {0x2134, 0, 0}}, {"ORDF", {0xAA, 0, 0}},
    {"ORDM", {0xBA, 0, 0}}, {"ORIGOF", {0x22B6, 0, 0}}, {"OROR", {0x2A56, 0, 0}}, {"ORSLOPE", {0x2A57, 0, 0}},
    {"ORV", {0x2A5B, 0, 0}}, {"OSCR", {0x2134, 0, 0}}, {"OSLASH", {0xD8, 0, 0}}, {"OSOL", {0x2298, 0, 0}},
    {"OTILDE", {0xD5, 0, 0}}, {"OTIMES", {0x2297, 0, 0}}, {"OTIMESAS", {0x2A36, 0, 0}}, {"OUML", {0xD6, 0, 0}},
    {"OVBAR", {0x233D, 0, 0}}, {"Oacute", {0xD3, 0, 0}}, {"Ocirc", {0xD4, 0, 0}}, {"Ocy", {0x41E, 0, 0}},
    {"Odblac", {0x150, 0, 0}}, {"Ofr", {0x1D512, 0, 0}}, {"Ograve", {0xD2, 0, 0}}, {"Omacr", {0x14C, 0, 0}},
    {"Omega", {0x3A9, 0, 0}}, {"Omicron", {0x39F, 0, 0}}, {"Oopf", {0x1D546, 0, 0}},
    {"OpenCurlyDoubleQuote", {0x201C, 0, 0}}, {"OpenCurlyQuote", {0x2018, 0, 0}}, {"Or", {0x2A54, 0, 0}},
    {"Oscr", {0x1D4AA, 0, 0}}, {"Oslash", {0xD8, 0, 0}}, {"Otilde", {0xD5, 0, 0}}, {"Otimes", {0x2A37, 0, 0}},
    {"Ouml", {0xD6, 0, 0}}, {"OverBar", {0x203E, 0, 0}}, {"OverBrace", {0x23DE, 0, 0}},
    {"OverBracket", {0x23B4, 0, 0}}, {"OverParenthesis", {0x23DC, 0, 0}}, {"PAR", {0x2225, 0, 0}},
    {"PARA", {0xB6, 0, 0}}, {"PARALLEL", {0x2225, 0, 0}}, {"PARSIM", {0x2AF3, 0, 0}}, {"PARSL", {0x2AFD, 0, 0}},
    {"PART", {0x2202, 0, 0}}, {"PCY", {0x41F, 0, 0}}, {"PERCNT", {0x25, 0, 0}}, {"PERIOD", {0x2E, 0, 0}},
    {"PERMIL", {0x2030, 0, 0}}, {"PERP", {0x22A5, 0, 0}}, {"PERTENK", {0x2031, 0, 0}}, {"PFR", {0x1D52D, 0, 0}},
    {"PHI", {0x3A6, 0, 0}}, {"PHIV", {0x3A6, 0, 0}}, {"PHMMAT", {0x2133, 0, 0}}, {"PHONE", {0x260E, 0, 0}},
    {"PI", {0x3A0, 0, 0}}, {"PITCHFORK", {0x22D4, 0, 0}}, {"PIV", {0x3A0, 0, 0}}, {"PLANCK", {0x210F, 0, 0}},
    {"PLANCKH", {0x210E, 0, 0}}, {"PLANKV", {0x210F, 0, 0}}, {"PLUS", {0x2B, 0, 0}}, {"PLUSACIR", {0x2A23, 0, 0}},
    {"PLUSB", {0x229E, 0, 0}}, {"PLUSCIR", {0x2A22, 0, 0}}, {"PLUSDO", {0x2214, 0, 0}}, {"PLUSDU", {0x2A25, 0, 0}},
    {"PLUSE", {0x2A72, 0, 0}}, {"PLUSMN", {0xB1, 0, 0}}, {"PLUSSIM", {0x2A26, 0, 0}}, {"PLUSTWO", {0x2A27, 0, 0}},
    {"PM", {0xB1, 0, 0}}, {"POINTINT", {0x2A15, 0, 0}}, {"POPF", {0x1D561, 0, 0}}, {"POUND", {0xA3, 0, 0}},
    {"PR", {0x227A, 0, 0}}, {"PRAP", {0x2AB7, 0, 0}}, {"PRCUE", {0x227C, 0, 0}}, {"PRE", {0x2AAF, 0, 0}},
    {"PREC", {0x227A, 0, 0}}, {"PRECAPPROX", {0x2AB7, 0, 0}}, {"PRECCURLYEQ", {0x227C, 0, 0}},
    {"PRECEQ", {0x2AAF, 0, 0}}, {"PRECNAPPROX", {0x2AB9, 0, 0}}, {"PRECNEQQ", {0x2AB5, 0, 0}},
    {"PRECNSIM", {0x22E8, 0, 0}}, {"PRECSIM", {0x227E, 0, 0}}, {"PRIME", {0x2032, 0, 0}}, {"PRIMES", {0x2119, 0, 0}},
    {"PRNAP", {0x2AB9, 0, 0}}, {"PRNSIM", {0x22E8, 0, 0}}, {"PROD", {0x220F, 0, 0}}, {"PROFALAR", {0x232E, 0, 0}},
    {"PROFLINE", {0x2312, 0, 0}}, {"PROFSURF", {0x2313, 0, 0}}, {"PROP", {0x221D, 0, 0}}, {"PROPTO", {0x221D, 0, 0}},
    {"PRSIM", {0x227E, 0, 0}}, {"PRUREL", {0x22B0, 0, 0}}, {"PSCR", {0x1D4C5, 0, 0}}, {"PSI", {0x3A8, 0, 0}},
    {"PUNCSP", {0x2008, 0, 0}}, {"PartialD", {0x2202, 0, 0}}, {"Pcy", {0x41F, 0, 0}}, {"Pfr", {0x1D513, 0, 0}},
    {"Phi", {0x3A6, 0, 0}}, {"Pi", {0x3A0, 0, 0}}, {"PlusMinus", {0xB1, 0, 0}}, {"Poincareplane", {0x210C, 0, 0}},
    {"Popf", {0x2119, 0, 0}}, {"Pr", {0x2ABB, 0, 0}}, {"Precedes", {0x227A, 0, 0}}, {"PrecedesEqual", {0x2AAF, 0, 0}},
    {"PrecedesSlantEqual", {0x227C, 0, 0}}, {"PrecedesTilde", {0x227E, 0, 0}}, {"Prime", {0x2033, 0, 0}},
    {"Product", {0x220F, 0, 0}}, {"Proportion", {0x2237, 0, 0}}, {"Proportional", {0x221D, 0, 0}},
    {"Pscr", {0x1D4AB, 0, 0}}, {"Psi", {0x3A8, 0, 0}}, {"QFR", {0x1D52E, 0, 0}}, {"QINT", {0x2A0C, 0, 0}},
    {"QOPF", {0x1D562, 0, 0}}, {"QPRIME", {0x2057, 0, 0}}, {"QSCR", {0x1D4C6, 0, 0}}, {"QUATERNIONS", {0x210D, 0, 0}},
    {"QUATINT", {0x2A16, 0, 0}}, {"QUEST", {0x3F, 0, 0}}, {"QUESTEQ", {0x225F, 0, 0}}, {"QUOT", {0x22, 0, 0}},
    {"Qfr", {0x1D514, 0, 0}}, {"Qopf", {0x211A, 0, 0}}, {"Qscr", {0x1D4AC, 0, 0}}, {"RACE", {0x223D, 0x331, 0}},
    {"RACUTE", {0x154, 0, 0}}, {"RADIC", {0x221A, 0, 0}}, {"RAEMPTYV", {0x29B3, 0, 0}}, {"RANG", {0x27E9, 0, 0}},
    {"RANGD", {0x2992, 0, 0}}, {"RANGE", {0x29A5, 0, 0}}, {"RANGLE", {0x27E9, 0, 0}}, {"RAQUO", {0xBB, 0, 0}},
    {"RARR", {0x2192, 0, 0}}, {"RARRAP", {0x2975, 0, 0}}, {"RARRB", {0x21E5, 0, 0}}, {"RARRBFS", {0x2920, 0, 0}},
    {"RARRC", {0x2933, 0, 0}}, {"RARRFS", {0x291E, 0, 0}}, {"RARRHK", {0x21AA, 0, 0}}, {"RARRLP", {0x21AC, 0, 0}},
    {"RARRPL", {0x2945, 0, 0}}, {"RARRSIM", {0x2974, 0, 0}}, {"RARRTL", {0x21A3, 0, 0}}, {"RARRW", {0x219D, 0, 0}},
    {"RATAIL", {0x291A, 0, 0}}, {"RATIO", {0x2236, 0, 0}}, {"RATIONALS", {0x211A, 0, 0}}, {"RBARR", {0x290D, 0, 0}},
    {"RBBRK", {0x2773, 0, 0}}, {"RBRACE", {0x7D, 0, 0}}, {"RBRACK", {0x5D, 0, 0}}, {"RBRKE", {0x298C, 0, 0}},
    {"RBRKSLD", {0x298E, 0, 0}}, {"RBRKSLU", {0x2990, 0, 0}}, {"RBarr", {0x2910, 0, 0}}, {"RCARON", {0x158, 0, 0}},
    {"RCEDIL", {0x156, 0, 0}}, {"RCEIL", {0x2309, 0, 0}}, {"RCUB", {0x7D, 0, 0}}, {"RCY", {0x420, 0, 0}},
    {"RDCA", {0x2937, 0, 0}}, {"RDLDHAR", {0x2969, 0, 0}}, {"RDQUO", {0x201D, 0, 0}}, {"RDQUOR", {0x201D, 0, 0}},
    {"RDSH", {0x21B3, 0, 0}}, {"REAL", {0x211C, 0, 0}}, {"REALINE", {0x211B, 0, 0}}, {"REALPART", {0x211C, 0, 0}},
    {"REALS", {0x211D, 0, 0}}, {"RECT", {0x25AD, 0, 0}}, {"REG", {0xAE, 0, 0}}, {"RFISHT", {0x297D, 0, 0}},
    {"RFLOOR", {0x230B, 0, 0}}, {"RFR", {0x1D52F, 0, 0}}, {"RHARD", {0x21C1, 0, 0}}, {"RHARU", {0x21C0, 0, 0}},
    {"RHARUL", {0x296C, 0, 0}}, {"RHO", {0x3A1, 0, 0}}, {"RHOV", {0x3A1, 0, 0}}, {"RIGHTARROW", {0x2192, 0, 0}},
    {"RIGHTARROWTAIL", {0x21A3, 0, 0}}, {"RIGHTHARPOONDOWN", {0x21C1, 0, 0}}, {"RIGHTHARPOONUP", {0x21C0, 0, 0}},
    {"RIGHTLEFTARROWS", {0x21C4, 0, 0}}, {"RIGHTLEFTHARPOONS", {0x21CC, 0, 0}}, {"RIGHTRIGHTARROWS", {0x21C9, 0, 0}},
    {"RIGHTSQUIGARROW", {0x219D, 0, 0}}, {"RIGHTTHREETIMES", {0x22CC, 0, 0}}, {"RING", {0x2DA, 0, 0}},
    {"RISINGDOTSEQ", {0x2253, 0, 0}}, {"RLARR", {0x21C4, 0, 0}}, {"RLHAR", {0x21CC, 0, 0}}, {"RLM", {0x200F, 0, 0}},
    {"RMOUST", {0x23B1, 0, 0}}, {"RMOUSTACHE", {0x23B1, 0, 0}}, {"RNMID", {0x2AEE, 0, 0}}, {"ROANG", {0x27ED, 0, 0}},
    {"ROARR", {0x21FE, 0, 0}}, {"ROBRK", {0x27E7, 0, 0}}, {"ROPAR", {0x2986, 0, 0}}, {"ROPF", {0x1D563, 0, 0}},
    {"ROPLUS", {0x2A2E, 0, 0}}, {"ROTIMES", {0x2A35, 0, 0}}, {"RPAR", {0x29, 0, 0}}, {"RPARGT", {0x2994, 0, 0}},
    {"RPPOLINT", {0x2A12, 0, 0}}, {"RRARR", {0x21C9, 0, 0}}, {"RSAQUO", {0x203A, 0, 0}}, {"RSCR", {0x1D4C7, 0, 0}},
    {"RSH", {0x21B1, 0, 0}}, {"RSQB", {0x5D, 0, 0}}, {"RSQUO", {0x2019, 0, 0}}, {"RSQUOR", {0x2019, 0, 0}},
    {"RTHREE", {0x22CC, 0, 0}}, {"RTIMES", {0x22CA, 0, 0}}, {"RTRI", {0x25B9, 0, 0}}, {"RTRIE", {0x22B5, 0, 0}},
    {"RTRIF", {0x25B8, 0, 0}}, {"RTRILTRI", {0x29CE, 0, 0}}, {"RULUHAR", {0x2968, 0, 0}}, {"RX", {0x211E, 0, 0}},
    {"Racute", {0x154, 0, 0}}, {"Rang", {0x27EB, 0, 0}}, {"Rarr", {0x21A0, 0, 0}}, {"Rarrtl", {0x2916, 0, 0}},
    {"Rcaron", {0x158, 0, 0}}, {"Rcedil", {0x156, 0, 0}}, {"Rcy", {0x420, 0, 0}}, {"Re", {0x211C, 0, 0}},
    {"ReverseElement", {0x220B, 0, 0}}, {"ReverseEquilibrium", {0x21CB, 0, 0}},
    {"ReverseUpEquilibrium", {0x296F, 0, 0}}, {"Rfr", {0x211C, 0, 0}}, {"Rho", {0x3A1, 0, 0}},
    {"RightAngleBracket", {0x27E9, 0, 0}}, {"RightArrow", {0x2192, 0, 0}}, {"RightArrowBar", {0x21E5, 0, 0}},
    {"RightArrowLeftArrow", {0x21C4, 0, 0}}, {"RightCeiling", {0x2309, 0, 0}}, {"RightDoubleBracket", {0x27E7, 0, 0}},
    {"RightDownTeeVector", {0x295D, 0, 0}}, {"RightDownVector", {0x21C2, 0, 0}},
    {"RightDownVectorBar", {0x2955, 0, 0}}, {"RightFloor", {0x230B, 0, 0}}, {"RightTee", {0x22A2, 0, 0}},
    {"RightTeeArrow", {0x21A6, 0, 0}}, {"RightTeeVector", {0x295B, 0, 0}}, {"RightTriangle", {0x22B3, 0, 0}},
    {"RightTriangleBar", {0x29D0, 0, 0}}, {"RightTriangleEqual", {0x22B5, 0, 0}},
    {"RightUpDownVector", {0x294F, 0, 0}}, {"RightUpTeeVector", {0x295C, 0, 0}}, {"RightUpVector", {0x21BE, 0, 0}},
    {"RightUpVectorBar", {0x2954, 0, 0}}, {"RightVector", {0x21C0, 0, 0}}, {"RightVectorBar", {0x2953, 0, 0}},
    {"Rightarrow", {0x21D2, 0, 0}}, {"Ropf", {0x211D, 0, 0}}, {"RoundImplies", {0x2970, 0, 0}},
    {"Rrightarrow", {0x21DB, 0, 0}}, {"Rscr", {0x211B, 0, 0}}, {"Rsh", {0x21B1, 0, 0}},
    {"RuleDelayed", {0x29F4, 0, 0}}, {"SACUTE", {0x15A, 0, 0}}, {"SBQUO", {0x201A, 0, 0}}, {"SC", {0x227B, 0, 0}},
    {"SCAP", {0x2AB8, 0, 0}}, {"SCARON", {0x160, 0, 0}}, {"SCCUE", {0x227D, 0, 0}}, {"SCE", {0x2AB0, 0, 0}},
    {"SCEDIL", {0x15E, 0, 0}}, {"SCIRC", {0x15C, 0, 0}}, {"SCNAP", {0x2ABA, 0, 0}}, {"SCNSIM", {0x22E9, 0, 0}},
    {"SCPOLINT", {0x2A13, 0, 0}}, {"SCSIM", {0x227F, 0, 0}}, {"SCY", {0x421, 0, 0}}, {"SDOT", {0x22C5, 0, 0}},
    {"SDOTB", {0x22A1, 0, 0}}, {"SDOTE", {0x2A66, 0, 0}}, {"SEARHK", {0x2925, 0, 0}}, {"SEARR", {0x2198, 0, 0}},
    {"SEARROW", {0x2198, 0, 0}}, {"SECT", {0xA7, 0, 0}}, {"SEMI", {0x3B, 0, 0}}, {"SESWAR", {0x2929, 0, 0}},
    {"SETMINUS", {0x2216, 0, 0}}, {"SETMN", {0x2216, 0, 0}}, {"SEXT", {0x2736, 0, 0}}, {"SFR", {0x1D530, 0, 0}},
    {"SFROWN", {0x2322, 0, 0}}, {"SHARP", {0x266F, 0, 0}}, {"SHCHCY", {0x429, 0, 0}}, {"SHCHcy", {0x429, 0, 0}},
    {"SHCY", {0x428, 0, 0}}, {"SHORTMID", {0x2223, 0, 0}}, {"SHORTPARALLEL", {0x2225, 0, 0}}, {"SHY", {0xAD, 0, 0}},
    {"SHcy", {0x428, 0, 0}}, {"SIGMA", {0x3A3, 0, 0}}, {"SIGMAF", {0x3A3, 0, 0}}, {"SIGMAV", {0x3A3, 0, 0}},
    {"SIM", {0x223C, 0, 0}}, {"SIMDOT", {0x2A6A, 0, 0}}, {"SIME", {0x2243, 0, 0}}, {"SIMEQ", {0x2243, 0, 0}},
    {"SIMG", {0x2A9E, 0, 0}}, {"SIML", {0x2A9D, 0, 0}}, {"SIMNE", {0x2246, 0, 0}}, {"SIMPLUS", {0x2A24, 0, 0}},
    {"SIMRARR", {0x2972, 0, 0}}, {"SLARR", {0x2190, 0, 0}}, {"SMALLSETMINUS", {0x2216, 0, 0}},
    {"SMASHP", {0x2A33, 0, 0}}, {"SMEPARSL", {0x29E4, 0, 0}}, {"SMID", {0x2223, 0, 0}}, {"SMILE", {0x2323, 0, 0}},
    {"SMT", {0x2AAA, 0, 0}}, {"SMTE", {0x2AAC, 0, 0}}, {"SMTES", {0x2AAC, 0xFE00, 0}}, {"SOFTCY", {0x42C, 0, 0}},
    {"SOFTcy", {0x42C, 0, 0}}, {"SOL", {0x2F, 0, 0}}, {"SOLB", {0x29C4, 0, 0}}, {"SOLBAR", {0x233F, 0, 0}},
    {"SOPF", {0x1D564, 0, 0}}, {"SPADES", {0x2660, 0, 0}}, {"SPADESUIT", {0x2660, 0, 0}}, {"SPAR", {0x2225, 0, 0}},
    {"SQCAP", {0x2293, 0, 0}}, {"SQCAPS", {0x2293, 0xFE00, 0}}, {"SQCUP", {0x2294, 0, 0}},
    {"SQCUPS", {0x2294, 0xFE00, 0}}, {"SQSUB", {0x228F, 0, 0}}, {"SQSUBE", {0x2291, 0, 0}},
    {"SQSUBSET", {0x228F, 0, 0}}, {"SQSUBSETEQ", {0x2291, 0, 0}}, {"SQSUP", {0x2290, 0, 0}},
    {"SQSUPE", {0x2292, 0, 0}}, {"SQSUPSET", {0x2290, 0, 0}}, {"SQSUPSETEQ", {0x2292, 0, 0}}, {"SQU", {0x25A1, 0, 0}},
    {"SQUARE", {0x25A1, 0, 0}}, {"SQUARF", {0x25AA, 0, 0}}, {"SQUF", {0x25AA, 0, 0}}, {"SRARR", {0x2192, 0, 0}},
    {"SSCR", {0x1D4C8, 0, 0}}, {"SSETMN", {0x2216, 0, 0}}, {"SSMILE", {0x2323, 0, 0}}, {"SSTARF", {0x22C6, 0, 0}},
    {"STAR", {0x2606, 0, 0}}, {"STARF", {0x2605, 0, 0}}, {"STRAIGHTEPSILON", {0x395, 0, 0}},
    {"STRAIGHTPHI", {0x3A6, 0, 0}}, {"STRNS", {0xAF, 0, 0}}, {"SUB", {0x2282, 0, 0}}, {"SUBDOT", {0x2ABD, 0, 0}},
    {"SUBE", {0x2286, 0, 0}}, {"SUBEDOT", {0x2AC3, 0, 0}}, {"SUBMULT", {0x2AC1, 0, 0}}, {"SUBNE", {0x228A, 0, 0}},
    {"SUBPLUS", {0x2ABF, 0, 0}}, {"SUBRARR", {0x2979, 0, 0}}, {"SUBSET", {0x2282, 0, 0}},
    {"SUBSETEQ", {0x2286, 0, 0}}, {"SUBSETEQQ", {0x2AC5, 0, 0}}, {"SUBSETNEQ", {0x228A, 0, 0}},
    {"SUBSETNEQQ", {0x2ACB, 0, 0}}, {"SUBSIM", {0x2AC7, 0, 0}}, {"SUBSUB", {0x2AD5, 0, 0}},
    {"SUBSUP", {0x2AD3, 0, 0}}, {"SUCC", {0x227B, 0, 0}}, {"SUCCAPPROX", {0x2AB8, 0, 0}},
    {"SUCCCURLYEQ", {0x227D, 0, 0}}, {"SUCCEQ", {0x2AB0, 0, 0}}, {"SUCCNAPPROX", {0x2ABA, 0, 0}},
    {"SUCCNEQQ", {0x2AB6, 0, 0}}, {"SUCCNSIM", {0x22E9, 0, 0}}, {"SUCCSIM", {0x227F, 0, 0}}, {"SUM", {0x2211, 0, 0}},
    {"SUNG", {0x266A, 0, 0}}, {"SUP", {0x2283, 0, 0}}, {"SUP1", {0xB9, 0, 0}}, {"SUP2", {0xB2, 0, 0}},
    {"SUP3", {0xB3, 0, 0}}, {"SUPDOT", {0x2ABE, 0, 0}}, {"SUPDSUB", {0x2AD8, 0, 0}}, {"SUPE", {0x2287, 0, 0}},
    {"SUPEDOT", {0x2AC4, 0, 0}}, {"SUPHSOL", {0x27C9, 0, 0}}, {"SUPHSUB", {0x2AD7, 0, 0}},
    {"SUPLARR", {0x297B, 0, 0}}, {"SUPMULT", {0x2AC2, 0, 0}}, {"SUPNE", {0x228B, 0, 0}}, {"SUPPLUS", {0x2AC0, 0, 0}},
    {"SUPSET", {0x2283, 0, 0}}, {"SUPSETEQ", {0x2287, 0, 0}}, {"SUPSETEQQ", {0x2AC6, 0, 0}},
    {"SUPSETNEQ", {0x228B, 0, 0}}, {"SUPSETNEQQ", {0x2ACC, 0, 0}}, {"SUPSIM", {0x2AC8, 0, 0}},
    {"SUPSUB", {0x2AD4, 0, 0}}, {"SUPSUP", {0x2AD6, 0, 0}}, {"SWARHK", {0x2926, 0, 0}}, {"SWARR", {0x2199, 0, 0}},
    {"SWARROW", {0x2199, 0, 0}}, {"SWNWAR", {0x292A, 0, 0}}, {"SZLIG", {0x53, 0x53, 0}}, {"Sacute", {0x15A, 0, 0}},
    {"Sc", {0x2ABC, 0, 0}}, {"Scaron", {0x160, 0, 0}}, {"Scedil", {0x15E, 0, 0}}, {"Scirc", {0x15C, 0, 0}},
    {"Scy", {0x421, 0, 0}}, {"Sfr", {0x1D516, 0, 0}}, {"ShortDownArrow", {0x2193, 0, 0}},
    {"ShortLeftArrow", {0x2190, 0, 0}}, {"ShortRightArrow", {0x2192, 0, 0}}, {"ShortUpArrow", {0x2191, 0, 0}},
    {"Sigma", {0x3A3, 0, 0}}, {"SmallCircle", {0x2218, 0, 0}}, {"Sopf", {0x1D54A, 0, 0}}, {"Sqrt", {0x221A, 0, 0}},
    {"Square", {0x25A1, 0, 0}}, {"SquareIntersection", {0x2293, 0, 0}}, {"SquareSubset", {0x228F, 0, 0}},
    {"SquareSubsetEqual", {0x2291, 0, 0}}, {"SquareSuperset", {0x2290, 0, 0}},
    {"SquareSupersetEqual", {0x2292, 0, 0}}, {"SquareUnion", {0x2294, 0, 0}}, {"Sscr", {0x1D4AE, 0, 0}},
    {"Star", {0x22C6, 0, 0}}, {"Sub", {0x22D0, 0, 0}}, {"Subset", {0x22D0, 0, 0}}, {"SubsetEqual", {0x2286, 0, 0}},
    {"Succeeds", {0x227B, 0, 0}}, {"SucceedsEqual", {0x2AB0, 0, 0}}, {"SucceedsSlantEqual", {0x227D, 0, 0}},
    {"SucceedsTilde", {0x227F, 0, 0}}, {"SuchThat", {0x220B, 0, 0}}, {"Sum", {0x2211, 0, 0}}, {"Sup", {0x22D1, 0, 0}},
    {"Superset", {0x2283, 0, 0}}, {"SupersetEqual", {0x2287, 0, 0}}, {"Supset", {0x22D1, 0, 0}},
    {"TARGET", {0x2316, 0, 0}}, {"TAU", {0x3A4, 0, 0}}, {"TBRK", {0x23B4, 0, 0}}, {"TCARON", {0x164, 0, 0}},
    {"TCEDIL", {0x162, 0, 0}}, {"TCY", {0x422, 0, 0}}, {"TDOT", {0x20DB, 0, 0}}, {"TELREC", {0x2315, 0, 0}},
    {"TFR", {0x1D531, 0, 0}}, {"THERE4", {0x2234, 0, 0}}, {"THEREFORE", {0x2234, 0, 0}}, {"THETA", {0x398, 0, 0}},
    {"THETASYM", {0x398, 0, 0}}, {"THETAV", {0x398, 0, 0}}, {"THICKAPPROX", {0x2248, 0, 0}},
    {"THICKSIM", {0x223C, 0, 0}}, {"THINSP", {0x2009, 0, 0}}, {"THKAP", {0x2248, 0, 0}}, {"THKSIM", {0x223C, 0, 0}},
    {"THORN", {0xDE, 0, 0}}, {"TILDE", {0x2DC, 0, 0}}, {"TIMES", {0xD7, 0, 0}}, {"TIMESB", {0x22A0, 0, 0}},
    {"TIMESBAR", {0x2A31, 0, 0}}, {"TIMESD", {0x2A30, 0, 0}}, {"TINT", {0x222D, 0, 0}}, {"TOEA", {0x2928, 0, 0}},
    {"TOP", {0x22A4, 0, 0}}, {"TOPBOT", {0x2336, 0, 0}}, {"TOPCIR", {0x2AF1, 0, 0}}, {"TOPF", {0x1D565, 0, 0}},
    {"TOPFORK", {0x2ADA, 0, 0}}, {"TOSA", {0x2929, 0, 0}}, {"TPRIME", {0x2034, 0, 0}}, {"TRADE", {0x2122, 0, 0}},
    {"TRIANGLE", {0x25B5, 0, 0}}, {"TRIANGLEDOWN", {0x25BF, 0, 0}}, {"TRIANGLELEFT", {0x25C3, 0, 0}},
    {"TRIANGLELEFTEQ", {0x22B4, 0, 0}}, {"TRIANGLEQ", {0x225C, 0, 0}}, {"TRIANGLERIGHT", {0x25B9, 0, 0}},
    {"TRIANGLERIGHTEQ", {0x22B5, 0, 0}}, {"TRIDOT", {0x25EC, 0, 0}}, {"TRIE", {0x225C, 0, 0}},
    {"TRIMINUS", {0x2A3A, 0, 0}}, {"TRIPLUS", {0x2A39, 0, 0}}, {"TRISB", {0x29CD, 0, 0}}, {"TRITIME", {0x2A3B, 0, 0}},
    {"TRPEZIUM", {0x23E2, 0, 0}}, {"TSCR", {0x1D4C9, 0, 0}}, {"TSCY", {0x426, 0, 0}}, {"TSHCY", {0x40B, 0, 0}},
    {"TSHcy", {0x40B, 0, 0}}, {"TSTROK", {0x166, 0, 0}}, {"TScy", {0x426, 0, 0}}, {"TWIXT", {0x226C, 0, 0}},
    {"TWOHEADLEFTARROW", {0x219E, 0, 0}}, {"TWOHEADRIGHTARROW", {0x21A0, 0, 0}}, {"Tab", {0x9, 0, 0}},
    {"Tau", {0x3A4, 0, 0}}, {"Tcaron", {0x164, 0, 0}}, {"Tcedil", {0x162, 0, 0}}, {"Tcy", {0x422, 0, 0}},
    {"Tfr", {0x1D517, 0, 0}}, {"Therefore", {0x2234, 0, 0}}, {"Theta", {0x398, 0, 0}},
    {"ThickSpace", {0x205F, 0x200A, 0}}, {"ThinSpace", {0x2009, 0, 0}}, {"Tilde", {0x223C, 0, 0}},
    {"TildeEqual", {0x2243, 0, 0}}, {"TildeFullEqual", {0x2245, 0, 0}}, {"TildeTilde", {0x2248, 0, 0}},
    {"Topf", {0x1D54B, 0, 0}}, {"TripleDot", {0x20DB, 0, 0}}, {"Tscr", {0x1D4AF, 0, 0}}, {"Tstrok", {0x166, 0, 0}},
    {"UACUTE", {0xDA, 0, 0}}, {"UARR", {0x2191, 0, 0}}, {"UBRCY", {0x40E, 0, 0}}, {"UBREVE", {0x16C, 0, 0}},
    {"UCIRC", {0xDB, 0, 0}}, {"UCY", {0x423, 0, 0}}, {"UDARR", {0x21C5, 0, 0}}, {"UDBLAC", {0x170, 0, 0}},
    {"UDHAR", {0x296E, 0, 0}}, {"UFISHT", {0x297E, 0, 0}}, {"UFR", {0x1D532, 0, 0}}, {"UGRAVE", {0xD9, 0, 0}},
    {"UHARL", {0x21BF, 0, 0}}, {"UHARR", {0x21BE, 0, 0}}, {"UHBLK", {0x2580, 0, 0}}, {"ULCORN", {0x231C, 0, 0}},
    {"ULCORNER", {0x231C, 0, 0}}, {"ULCROP", {0x230F, 0, 0}}, {"ULTRI", {0x25F8, 0, 0}}, {"UMACR", {0x16A, 0, 0}},
    {"UML", {0xA8, 0, 0}}, {"UOGON", {0x172, 0, 0}}, {"UOPF", {0x1D566, 0, 0}}, {"UPARROW", {0x2191, 0, 0}},
    {"UPDOWNARROW", {0x2195, 0, 0}}, {"UPHARPOONLEFT", {0x21BF, 0, 0}}, {"UPHARPOONRIGHT", {0x21BE, 0, 0}},
    {"UPLUS", {0x228E, 0, 0}}, {"UPSI", {0x3A5, 0, 0}}, {"UPSIH", {0x3D2, 0, 0}}, {"UPSILON", {0x3A5, 0, 0}},
    {"UPUPARROWS", {0x21C8, 0, 0}}, {"URCORN", {0x231D, 0, 0}}, {"URCORNER", {0x231D, 0, 0}},
    {"URCROP", {0x230E, 0, 0}}, {"URING", {0x16E, 0, 0}}, {"URTRI", {0x25F9, 0, 0}}, {"USCR", {0x1D4CA, 0, 0}},
    {"UTDOT", {0x22F0, 0, 0}}, {"UTILDE", {0x168, 0, 0}}, {"UTRI", {0x25B5, 0, 0}}, {"UTRIF", {0x25B4, 0, 0}},
    {"UUARR", {0x21C8, 0, 0}}, {"UUML", {0xDC, 0, 0}}, {"UWANGLE", {0x29A7, 0, 0}}, {"Uacute", {0xDA, 0, 0}},
    {"Uarr", {0x219F, 0, 0}}, {"Uarrocir", {0x2949, 0, 0}}, {"Ubrcy", {0x40E, 0, 0}}, {"Ubreve", {0x16C, 0, 0}},
    {"Ucirc", {0xDB, 0, 0}}, {"Ucy", {0x423, 0, 0}}, {"Udblac", {0x170, 0, 0}}, {"Ufr", {0x1D518, 0, 0}},
    {"Ugrave", {0xD9, 0, 0}}, {"Umacr", {0x16A, 0, 0}}, {"UnderBar", {0x5F, 0, 0}}, {"UnderBrace", {0x23DF, 0, 0}},
    {"UnderBracket", {0x23B5, 0, 0}}, {"UnderParenthesis", {0x23DD, 0, 0}}, {"Union", {0x22C3, 0, 0}},
    {"UnionPlus", {0x228E, 0, 0}}, {"Uogon", {0x172, 0, 0}}, {"Uopf", {0x1D54C, 0, 0}}, {"UpArrow", {0x2191, 0, 0}},
    {"UpArrowBar", {0x2912, 0, 0}}, {"UpArrowDownArrow", {0x21C5, 0, 0}}, {"UpDownArrow", {0x2195, 0, 0}},
    {"UpEquilibrium", {0x296E, 0, 0}}, {"UpTee", {0x22A5, 0, 0}}, {"UpTeeArrow", {0x21A5, 0, 0}},
    {"Uparrow", {0x21D1, 0, 0}}, {"Updownarrow", {0x21D5, 0, 0}}, {"UpperLeftArrow", {0x2196, 0, 0}},
    {"UpperRightArrow", {0x2197, 0, 0}}, {"Upsi", {0x3D2, 0, 0}}, {"Upsilon", {0x3A5, 0, 0}},
    {"Uring", {0x16E, 0, 0}}, {"Uscr", {0x1D4B0, 0, 0}}, {"Utilde", {0x168, 0, 0}}, {"Uuml", {0xDC, 0, 0}},
    {"VANGRT", {0x299C, 0, 0}}, {"VAREPSILON", {0x395, 0, 0}}, {"VARKAPPA", {0x39A, 0, 0}},
    {"VARNOTHING", {0x2205, 0, 0}}, {"VARPHI", {0x3A6, 0, 0}}, {"VARPI", {0x3A0, 0, 0}},
    {"VARPROPTO", {0x221D, 0, 0}}, {"VARR", {0x2195, 0, 0}}, {"VARRHO", {0x3A1, 0, 0}}, {"VARSIGMA", {0x3A3, 0, 0}},
    {"VARSUBSETNEQ", {0x228A, 0xFE00, 0}}, {"VARSUBSETNEQQ", {0x2ACB, 0xFE00, 0}},
    {"VARSUPSETNEQ", {0x228B, 0xFE00, 0}}, {"VARSUPSETNEQQ", {0x2ACC, 0xFE00, 0}}, {"VARTHETA", {0x398, 0, 0}},
    {"VARTRIANGLELEFT", {0x22B2, 0, 0}}, {"VARTRIANGLERIGHT", {0x22B3, 0, 0}}, {"VCY", {0x412, 0, 0}},
    {"VDASH", {0x22A2, 0, 0}}, {"VDash", {0x22AB, 0, 0}}, {"VEE", {0x2228, 0, 0}}, {"VEEBAR", {0x22BB, 0, 0}},
    {"VEEEQ", {0x225A, 0, 0}}, {"VELLIP", {0x22EE, 0, 0}}, {"VERBAR", {0x7C, 0, 0}}, {"VERT", {0x7C, 0, 0}},
    {"VFR", {0x1D533, 0, 0}}, {"VLTRI", {0x22B2, 0, 0}}, {"VNSUB", {0x2282, 0x20D2, 0}},
    {"VNSUP", {0x2283, 0x20D2, 0}}, {"VOPF", {0x1D567, 0, 0}}, {"VPROP", {0x221D, 0, 0}}, {"VRTRI", {0x22B3, 0, 0}},
    {"VSCR", {0x1D4CB, 0, 0}}, {"VSUBNE", {0x228A, 0xFE00, 0}}, {"VSUPNE", {0x228B, 0xFE00, 0}},
    {"VZIGZAG", {0x299A, 0, 0}}, {"Vbar", {0x2AEB, 0, 0}}, {"Vcy", {0x412, 0, 0}}, {"Vdash", {0x22A9, 0, 0}},
    {"Vdashl", {0x2AE6, 0, 0}}, {"Vee", {0x22C1, 0, 0}}, {"Verbar", {0x2016, 0, 0}}, {"Vert", {0x2016, 0, 0}},
    {"VerticalBar", {0x2223, 0, 0}}, {"VerticalLine", {0x7C, 0, 0}}, {"VerticalSeparator", {0x2758, 0, 0}},
    {"VerticalTilde", {0x2240, 0, 0}}, {"VeryThinSpace", {0x200A, 0, 0}}, {"Vfr", {0x1D519, 0, 0}},
    {"Vopf", {0x1D54D, 0, 0}}, {"Vscr", {0x1D4B1, 0, 0}}, {"Vvdash", {0x22AA, 0, 0}}, {"WCIRC", {0x174, 0, 0}},
    {"WEDBAR", {0x2A5F, 0, 0}}, {"WEDGE", {0x2227, 0, 0}}, {"WEDGEQ", {0x2259, 0, 0}}, {"WEIERP", {0x2118, 0, 0}},
    {"WFR", {0x1D534, 0, 0}}, {"WOPF", {0x1D568, 0, 0}}, {"WP", {0x2118, 0, 0}}, {"WR", {0x2240, 0, 0}},
    {"WREATH", {0x2240, 0, 0}}, {"WSCR", {0x1D4CC, 0, 0}}, {"Wcirc", {0x174, 0, 0}}, {"Wedge", {0x22C0, 0, 0}},
    {"Wfr", {0x1D51A, 0, 0}}, {"Wopf", {0x1D54E, 0, 0}}, {"Wscr", {0x1D4B2, 0, 0}}, {"XCAP", {0x22C2, 0, 0}},
    {"XCIRC", {0x25EF, 0, 0}}, {"XCUP", {0x22C3, 0, 0}}, {"XDTRI", {0x25BD, 0, 0}}, {"XFR", {0x1D535, 0, 0}},
    {"XHARR", {0x27F7, 0, 0}}, {"XI", {0x39E, 0, 0}}, {"XLARR", {0x27F5, 0, 0}}, {"XMAP", {0x27FC, 0, 0}},
    {"XNIS", {0x22FB, 0, 0}}, {"XODOT", {0x2A00, 0, 0}}, {"XOPF", {0x1D569, 0, 0}}, {"XOPLUS", {0x2A01, 0, 0}},
    {"XOTIME", {0x2A02, 0, 0}}, {"XRARR", {0x27F6, 0, 0}}, {"XSCR", {0x1D4CD, 0, 0}}, {"XSQCUP", {0x2A06, 0, 0}},
    {"XUPLUS", {0x2A04, 0, 0}}, {"XUTRI", {0x25B3, 0, 0}}, {"XVEE", {0x22C1, 0, 0}}, {"XWEDGE", {0x22C0, 0, 0}},
    {"Xfr", {0x1D51B, 0, 0}}, {"Xi", {0x39E, 0, 0}}, {"Xopf", {0x1D54F, 0, 0}}, {"Xscr", {0x1D4B3, 0, 0}},
    {"YACUTE", {0xDD, 0, 0}}, {"YACY", {0x42F, 0, 0}}, {"YAcy", {0x42F, 0, 0}}, {"YCIRC", {0x176, 0, 0}},
    {"YCY", {0x42B, 0, 0}}, {"YEN", {0xA5, 0, 0}}, {"YFR", {0x1D536, 0, 0}}, {"YICY", {0x407, 0, 0}},
    {"YIcy", {0x407, 0, 0}}, {"YOPF", {0x1D56A, 0, 0}}, {"YSCR", {0x1D4CE, 0, 0}}, {"YUCY", {0x42E, 0, 0}},
    {"YUML", {0x178, 0, 0}}, {"YUcy", {0x42E, 0, 0}}, {"Yacute", {0xDD, 0, 0}}, {"Ycirc", {0x176, 0, 0}},
    {"Ycy", {0x42B, 0, 0}}, {"Yfr", {0x1D51C, 0, 0}}, {"Yopf", {0x1D550, 0, 0}}, {"Yscr", {0x1D4B4, 0, 0}},
    {"Yuml", {0x178, 0, 0}}, {"ZACUTE", {0x179, 0, 0}}, {"ZCARON", {0x17D, 0, 0}}, {"ZCY", {0x417, 0, 0}},
    {"ZDOT", {0x17B, 0, 0}}, {"ZEETRF", {0x2128, 0, 0}}, {"ZETA", {0x396, 0, 0}}, {"ZFR", {0x1D537, 0, 0}},
    {"ZHCY", {0x416, 0, 0}}, {"ZHcy", {0x416, 0, 0}}, {"ZIGRARR", {0x21DD, 0, 0}}, {"ZOPF", {0x1D56B, 0, 0}},
    {"ZSCR", {0x1D4CF, 0, 0}}, {"ZWJ", {0x200D, 0, 0}}, {"ZWNJ", {0x200C, 0, 0}}, {"Zacute", {0x179, 0, 0}},
    {"Zcaron", {0x17D, 0, 0}}, {"Zcy", {0x417, 0, 0}}, {"Zdot", {0x17B, 0, 0}}, {"ZeroWidthSpace", {0x200B, 0, 0}},
    {"Zeta", {0x396, 0, 0}}, {"Zfr", {0x2128, 0, 0}}, {"Zopf", {0x2124, 0, 0}}, {"Zscr", {0x1D4B5, 0, 0}},
    {"aacute", {0xE1, 0, 0}}, {"abreve", {0x103, 0, 0}}, {"ac", {0x223E, 0, 0}}, {"acE", {0x223E, 0x333, 0}},
    {"acd", {0x223F, 0, 0}}, {"acirc", {0xE2, 0, 0}}, {"acute", {0xB4, 0, 0}}, {"acy", {0x430, 0, 0}},
    {"aelig", {0xE6, 0, 0}}, {"af", {0x2061, 0, 0}}, {"afr", {0x1D51E, 0, 0}}, {"agrave", {0xE0, 0, 0}},
    {"alefsym", {0x2135, 0, 0}}, {"aleph", {0x2135, 0, 0}}, {"alpha", {0x3B1, 0, 0}}, {"amacr", {0x101, 0, 0}},
    {"amalg", {0x2A3F, 0, 0}}, {"amp", {0x26, 0, 0}}, {"and", {0x2227, 0, 0}}, {"andand", {0x2A55, 0, 0}},
    {"andd", {0x2A5C, 0, 0}}, {"andslope", {0x2A58, 0, 0}}, {"andv", {0x2A5A, 0, 0}}, {"ang", {0x2220, 0, 0}},
    {"ange", {0x29A4, 0, 0}}, {"angle", {0x2220, 0, 0}}, {"angmsd", {0x2221, 0, 0}}, {"angmsdaa", {0x29A8, 0, 0}},
    {"angmsdab", {0x29A9, 0, 0}}, {"angmsdac", {0x29AA, 0, 0}}, {"angmsdad", {0x29AB, 0, 0}},
    {"angmsdae", {0x29AC, 0, 0}}, {"angmsdaf", {0x29AD, 0, 0}}, {"angmsdag", {0x29AE, 0, 0}},
    {"angmsdah", {0x29AF, 0, 0}}, {"angrt", {0x221F, 0, 0}}, {"angrtvb", {0x22BE, 0, 0}},
    {"angrtvbd", {0x299D, 0, 0}}, {"angsph", {0x2222, 0, 0}}, {"angst", {0xC5, 0, 0}}, {"angzarr", {0x237C, 0, 0}},
    {"aogon", {0x105, 0, 0}}, {"aopf", {0x1D552, 0, 0}}, {"ap", {0x2248, 0, 0}}, {"apE", {0x2A70, 0, 0}},
    {"apacir", {0x2A6F, 0, 0}}, {"ape", {0x224A, 0, 0}}, {"apid", {0x224B, 0, 0}}, {"apos", {0x27, 0, 0}},
    {"approx", {0x2248, 0, 0}}, {"approxeq", {0x224A, 0, 0}}, {"aring", {0xE5, 0, 0}}, {"ascr", {0x1D4B6, 0, 0}},
    {"ast", {0x2A, 0, 0}}, {"asymp", {0x2248, 0, 0}}, {"asympeq", {0x224D, 0, 0}}, {"atilde", {0xE3, 0, 0}},
    {"auml", {0xE4, 0, 0}}, {"awconint", {0x2233, 0, 0}}, {"awint", {0x2A11, 0, 0}}, {"bNot", {0x2AED, 0, 0}},
    {"backcong", {0x224C, 0, 0}}, {"backepsilon", {0x3F6, 0, 0}}, {"backprime", {0x2035, 0, 0}},
    {"backsim", {0x223D, 0, 0}}, {"backsimeq", {0x22CD, 0, 0}}, {"barvee", {0x22BD, 0, 0}},
    {"barwed", {0x2305, 0, 0}}, {"barwedge", {0x2305, 0, 0}}, {"bbrk", {0x23B5, 0, 0}}, {"bbrktbrk", {0x23B6, 0, 0}},
    {"bcong", {0x224C, 0, 0}}, {"bcy", {0x431, 0, 0}}, {"bdquo", {0x201E, 0, 0}}, {"becaus", {0x2235, 0, 0}},
    {"because", {0x2235, 0, 0}}, {"bemptyv", {0x29B0, 0, 0}}, {"bepsi", {0x3F6, 0, 0}}, {"bernou", {0x212C, 0, 0}},
    {"beta", {0x3B2, 0, 0}}, {"beth", {0x2136, 0, 0}}, {"between", {0x226C, 0, 0}}, {"bfr", {0x1D51F, 0, 0}},
    {"bigcap", {0x22C2, 0, 0}}, {"bigcirc", {0x25EF, 0, 0}}, {"bigcup", {0x22C3, 0, 0}}, {"bigodot", {0x2A00, 0, 0}},
    {"bigoplus", {0x2A01, 0, 0}}, {"bigotimes", {0x2A02, 0, 0}}, {"bigsqcup", {0x2A06, 0, 0}},
    {"bigstar", {0x2605, 0, 0}}, {"bigtriangledown", {0x25BD, 0, 0}}, {"bigtriangleup", {0x25B3, 0, 0}},
    {"biguplus", {0x2A04, 0, 0}}, {"bigvee", {0x22C1, 0, 0}}, {"bigwedge", {0x22C0, 0, 0}},
    {"bkarow", {0x290D, 0, 0}}, {"blacklozenge", {0x29EB, 0, 0}}, {"blacksquare", {0x25AA, 0, 0}},
    {"blacktriangle", {0x25B4, 0, 0}}, {"blacktriangledown", {0x25BE, 0, 0}}, {"blacktriangleleft", {0x25C2, 0, 0}},
    {"blacktriangleright", {0x25B8, 0, 0}}, {"blank", {0x2423, 0, 0}}, {"blk12", {0x2592, 0, 0}},
    {"blk14", {0x2591, 0, 0}}, {"blk34", {0x2593, 0, 0}}, {"block", {0x2588, 0, 0}}, {"bne", {0x3D, 0x20E5, 0}},
    {"bnequiv", {0x2261, 0x20E5, 0}}, {"bnot", {0x2310, 0, 0}}, {"bopf", {0x1D553, 0, 0}}, {"bot", {0x22A5, 0, 0}},
    {"bottom", {0x22A5, 0, 0}}, {"bowtie", {0x22C8, 0, 0}}, {"boxDL", {0x2557, 0, 0}}, {"boxDR", {0x2554, 0, 0}},
    {"boxDl", {0x2556, 0, 0}}, {"boxDr", {0x2553, 0, 0}}, {"boxH", {0x2550, 0, 0}}, {"boxHD", {0x2566, 0, 0}},
    {"boxHU", {0x2569, 0, 0}}, {"boxHd", {0x2564, 0, 0}}, {"boxHu", {0x2567, 0, 0}}, {"boxUL", {0x255D, 0, 0}},
    {"boxUR", {0x255A, 0, 0}}, {"boxUl", {0x255C, 0, 0}}, {"boxUr", {0x2559, 0, 0}}, {"boxV", {0x2551, 0, 0}},
    {"boxVH", {0x256C, 0, 0}}, {"boxVL", {0x2563, 0, 0}}, {"boxVR", {0x2560, 0, 0}}, {"boxVh", {0x256B, 0, 0}},
    {"boxVl", {0x2562, 0, 0}}, {"boxVr", {0x255F, 0, 0}}, {"boxbox", {0x29C9, 0, 0}}, {"boxdL", {0x2555, 0, 0}},
    {"boxdR", {0x2552, 0, 0}}, {"boxdl", {0x2510, 0, 0}}, {"boxdr", {0x250C, 0, 0}}, {"boxh", {0x2500, 0, 0}},
    {"boxhD", {0x2565, 0, 0}}, {"boxhU", {0x2568, 0, 0}}, {"boxhd", {0x252C, 0, 0}}, {"boxhu", {0x2534, 0, 0}},
    {"boxminus", {0x229F, 0, 0}}, {"boxplus", {0x229E, 0, 0}}, {"boxtimes", {0x22A0, 0, 0}},
    {"boxuL", {0x255B, 0, 0}}, {"boxuR", {0x2558, 0, 0}}, {"boxul", {0x2518, 0, 0}}, {"boxur", {0x2514, 0, 0}},
    {"boxv", {0x2502, 0, 0}}, {"boxvH", {0x256A, 0, 0}}, {"boxvL", {0x2561, 0, 0}}, {"boxvR", {0x255E, 0, 0}},
    {"boxvh", {0x253C, 0, 0}}, {"boxvl", {0x2524, 0, 0}}, {"boxvr", {0x251C, 0, 0}}, {"bprime", {0x2035, 0, 0}},
    {"breve", {0x2D8, 0, 0}}, {"brvbar", {0xA6, 0, 0}}, {"bscr", {0x1D4B7, 0, 0}}, {"bsemi", {0x204F, 0, 0}},
    {"bsim", {0x223D, 0, 0}}, {"bsime", {0x22CD, 0, 0}}, {"bsol", {0x5C, 0, 0}}, {"bsolb", {0x29C5, 0, 0}},
    {"bsolhsub", {0x27C8, 0, 0}}, {"bull", {0x2022, 0, 0}}, {"bullet", {0x2022, 0, 0}}, {"bump", {0x224E, 0, 0}},
    {"bumpE", {0x2AAE, 0, 0}}, {"bumpe", {0x224F, 0, 0}}, {"bumpeq", {0x224F, 0, 0}}, {"cacute", {0x107, 0, 0}},
    {"cap", {0x2229, 0, 0}}, {"capand", {0x2A44, 0, 0}}, {"capbrcup", {0x2A49, 0, 0}}, {"capcap", {0x2A4B, 0, 0}},
    {"capcup", {0x2A47, 0, 0}}, {"capdot", {0x2A40, 0, 0}}, {"caps", {0x2229, 0xFE00, 0}}, {"caret", {0x2041, 0, 0}},
    {"caron", {0x2C7, 0, 0}}, {"ccaps", {0x2A4D, 0, 0}}, {"ccaron", {0x10D, 0, 0}}, {"ccedil", {0xE7, 0, 0}},
    {"ccirc", {0x109, 0, 0}}, {"ccups", {0x2A4C, 0, 0}}, {"ccupssm", {0x2A50, 0, 0}}, {"cdot", {0x10B, 0, 0}},
    {"cedil", {0xB8, 0, 0}}, {"cemptyv", {0x29B2, 0, 0}}, {"cent", {0xA2, 0, 0}}, {"centerdot", {0xB7, 0, 0}},
    {"cfr", {0x1D520, 0, 0}}, {"chcy", {0x447, 0, 0}}, {"check", {0x2713, 0, 0}}, {"checkmark", {0x2713, 0, 0}},
    {"chi", {0x3C7, 0, 0}}, {"cir", {0x25CB, 0, 0}}, {"cirE", {0x29C3, 0, 0}}, {"circ", {0x2C6, 0, 0}},
    {"circeq", {0x2257, 0, 0}}, {"circlearrowleft", {0x21BA, 0, 0}}, {"circlearrowright", {0x21BB, 0, 0}},
    {"circledR", {0xAE, 0, 0}}, {"circledS", {0x24C8, 0, 0}}, {"circledast", {0x229B, 0, 0}},
    {"circledcirc", {0x229A, 0, 0}}, {"circleddash", {0x229D, 0, 0}}, {"cire", {0x2257, 0, 0}},
    {"cirfnint", {0x2A10, 0, 0}}, {"cirmid", {0x2AEF, 0, 0}}, {"cirscir", {0x29C2, 0, 0}}, {"clubs", {0x2663, 0, 0}},
    {"clubsuit", {0x2663, 0, 0}}, {"colon", {0x3A, 0, 0}}, {"colone", {0x2254, 0, 0}}, {"coloneq", {0x2254, 0, 0}},
    {"comma", {0x2C, 0, 0}}, {"commat", {0x40, 0, 0}}, {"comp", {0x2201, 0, 0}}, {"compfn", {0x2218, 0, 0}},
    {"complement", {0x2201, 0, 0}}, {"complexes", {0x2102, 0, 0}}, {"cong", {0x2245, 0, 0}},
    {"congdot", {0x2A6D, 0, 0}}, {"conint", {0x222E, 0, 0}}, {"copf", {0x1D554, 0, 0}}, {"coprod", {0x2210, 0, 0}},
    {"copy", {0xA9, 0, 0}}, {"copysr", {0x2117, 0, 0}}, {"crarr", {0x21B5, 0, 0}}, {"cross", {0x2717, 0, 0}},
    {"cscr", {0x1D4B8, 0, 0}}, {"csub", {0x2ACF, 0, 0}}, {"csube", {0x2AD1, 0, 0}}, {"csup", {0x2AD0, 0, 0}},
    {"csupe", {0x2AD2, 0, 0}}, {"ctdot", {0x22EF, 0, 0}}, {"cudarrl", {0x2938, 0, 0}}, {"cudarrr", {0x2935, 0, 0}},
    {"cuepr", {0x22DE, 0, 0}}, {"cuesc", {0x22DF, 0, 0}}, {"cularr", {0x21B6, 0, 0}}, {"cularrp", {0x293D, 0, 0}},
    {"cup", {0x222A, 0, 0}}, {"cupbrcap", {0x2A48, 0, 0}}, {"cupcap", {0x2A46, 0, 0}}, {"cupcup", {0x2A4A, 0, 0}},
    {"cupdot", {0x228D, 0, 0}}, {"cupor", {0x2A45, 0, 0}}, {"cups", {0x222A, 0xFE00, 0}}, {"curarr", {0x21B7, 0, 0}},
    {"curarrm", {0x293C, 0, 0}}, {"curlyeqprec", {0x22DE, 0, 0}}, {"curlyeqsucc", {0x22DF, 0, 0}},
    {"curlyvee", {0x22CE, 0, 0}}, {"curlywedge", {0x22CF, 0, 0}}, {"curren", {0xA4, 0, 0}},
    {"curvearrowleft", {0x21B6, 0, 0}}, {"curvearrowright", {0x21B7, 0, 0}}, {"cuvee", {0x22CE, 0, 0}},
    {"cuwed", {0x22CF, 0, 0}}, {"cwconint", {0x2232, 0, 0}}, {"cwint", {0x2231, 0, 0}}, {"cylcty", {0x232D, 0, 0}},
    {"dArr", {0x21D3, 0, 0}}, {"dHar", {0x2965, 0, 0}}, {"dagger", {0x2020, 0, 0}}, {"daleth", {0x2138, 0, 0}},
    {"darr", {0x2193, 0, 0}}, {"dash", {0x2010, 0, 0}}, {"dashv", {0x22A3, 0, 0}}, {"dbkarow", {0x290F, 0, 0}},
    {"dblac", {0x2DD, 0, 0}}, {"dcaron", {0x10F, 0, 0}}, {"dcy", {0x434, 0, 0}}, {"dd", {0x2146, 0, 0}},
    {"ddagger", {0x2021, 0, 0}}, {"ddarr", {0x21CA, 0, 0}}, {"ddotseq", {0x2A77, 0, 0}}, {"deg", {0xB0, 0, 0}},
    {"delta", {0x3B4, 0, 0}}, {"demptyv", {0x29B1, 0, 0}}, {"dfisht", {0x297F, 0, 0}}, {"dfr", {0x1D521, 0, 0}},
    {"dharl", {0x21C3, 0, 0}}, {"dharr", {0x21C2, 0, 0}}, {"diam", {0x22C4, 0, 0}}, {"diamond", {0x22C4, 0, 0}},
    {"diamondsuit", {0x2666, 0, 0}}, {"diams", {0x2666, 0, 0}}, {"die", {0xA8, 0, 0}}, {"digamma", {0x3DD, 0, 0}},
    {"disin", {0x22F2, 0, 0}}, {"div", {0xF7, 0, 0}}, {"divide", {0xF7, 0, 0}}, {"divideontimes", {0x22C7, 0, 0}},
    {"divonx", {0x22C7, 0, 0}}, {"djcy", {0x452, 0, 0}}, {"dlcorn", {0x231E, 0, 0}}, {"dlcrop", {0x230D, 0, 0}},
    {"dollar", {0x24, 0, 0}}, {"dopf", {0x1D555, 0, 0}}, {"dot", {0x2D9, 0, 0}}, {"doteq", {0x2250, 0, 0}},
    {"doteqdot", {0x2251, 0, 0}}, {"dotminus", {0x2238, 0, 0}}, {"dotplus", {0x2214, 0, 0}},
    {"dotsquare", {0x22A1, 0, 0}}, {"doublebarwedge", {0x2306, 0, 0}}, {"downarrow", {0x2193, 0, 0}},
    {"downdownarrows", {0x21CA, 0, 0}}, {"downharpoonleft", {0x21C3, 0, 0}}, {"downharpoonright", {0x21C2, 0, 0}},
    {"drbkarow", {0x2910, 0, 0}}, {"drcorn", {0x231F, 0, 0}}, {"drcrop", {0x230C, 0, 0}}, {"dscr", {0x1D4B9, 0, 0}},
    {"dscy", {0x455, 0, 0}}, {"dsol", {0x29F6, 0, 0}}, {"dstrok", {0x111, 0, 0}}, {"dtdot", {0x22F1, 0, 0}},
    {"dtri", {0x25BF, 0, 0}}, {"dtrif", {0x25BE, 0, 0}}, {"duarr", {0x21F5, 0, 0}}, {"duhar", {0x296F, 0, 0}},
    {"dwangle", {0x29A6, 0, 0}}, {"dzcy", {0x45F, 0, 0}}, {"dzigrarr", {0x27FF, 0, 0}}, {"eDDot", {0x2A77, 0, 0}},
    {"eDot", {0x2251, 0, 0}}, {"eacute", {0xE9, 0, 0}}, {"easter", {0x2A6E, 0, 0}}, {"ecaron", {0x11B, 0, 0}},
    {"ecir", {0x2256, 0, 0}}, {"ecirc", {0xEA, 0, 0}}, {"ecolon", {0x2255, 0, 0}}, {"ecy", {0x44D, 0, 0}},
    {"edot", {0x117, 0, 0}}, {"ee", {0x2147, 0, 0}}, {"efDot", {0x2252, 0, 0}}, {"efr", {0x1D522, 0, 0}},
    {"eg", {0x2A9A, 0, 0}}, {"egrave", {0xE8, 0, 0}}, {"egs", {0x2A96, 0, 0}}, {"egsdot", {0x2A98, 0, 0}},
    {"el", {0x2A99, 0, 0}}, {"elinters", {0x23E7, 0, 0}}, {"ell", {0x2113, 0, 0}}, {"els", {0x2A95, 0, 0}},
    {"elsdot", {0x2A97, 0, 0}}, {"emacr", {0x113, 0, 0}}, {"empty", {0x2205, 0, 0}}, {"emptyset", {0x2205, 0, 0}},
    {"emptyv", {0x2205, 0, 0}}, {"emsp", {0x2003, 0, 0}}, {"emsp13", {0x2004, 0, 0}}, {"emsp14", {0x2005, 0, 0}},
    {"eng", {0x14B, 0, 0}}, {"ensp", {0x2002, 0, 0}}, {"eogon", {0x119, 0, 0}}, {"eopf", {0x1D556, 0, 0}},
    {"epar", {0x22D5, 0, 0}}, {"eparsl", {0x29E3, 0, 0}}, {"eplus", {0x2A71, 0, 0}}, {"epsi", {0x3B5, 0, 0}},
    {"epsilon", {0x3B5, 0, 0}}, {"epsiv", {0x3F5, 0, 0}}, {"eqcirc", {0x2256, 0, 0}}, {"eqcolon", {0x2255, 0, 0}},
    {"eqsim", {0x2242, 0, 0}}, {"eqslantgtr", {0x2A96, 0, 0}}, {"eqslantless", {0x2A95, 0, 0}},
    {"equals", {0x3D, 0, 0}}, {"equest", {0x225F, 0, 0}}, {"equiv", {0x2261, 0, 0}}, {"equivDD", {0x2A78, 0, 0}},
    {"eqvparsl", {0x29E5, 0, 0}}, {"erDot", {0x2253, 0, 0}}, {"erarr", {0x2971, 0, 0}}, {"escr", {0x212F, 0, 0}},
    {"esdot", {0x2250, 0, 0}}, {"esim", {0x2242, 0, 0}}, {"eta", {0x3B7, 0, 0}}, {"eth", {0xF0, 0, 0}},
    {"euml", {0xEB, 0, 0}}, {"euro", {0x20AC, 0, 0}}, {"excl", {0x21, 0, 0}}, {"exist", {0x2203, 0, 0}},
    {"expectation", {0x2130, 0, 0}}, {"exponentiale", {0x2147, 0, 0}}, {"fallingdotseq", {0x2252, 0, 0}},
    {"fcy", {0x444, 0, 0}}, {"female", {0x2640, 0, 0}}, {"ffilig", {0xFB03, 0, 0}}, {"fflig", {0xFB00, 0, 0}},
    {"ffllig", {0xFB04, 0, 0}}, {"ffr", {0x1D523, 0, 0}}, {"filig", {0xFB01, 0, 0}}, {"fjlig", {0x66, 0x6A, 0}},
    {"flat", {0x266D, 0, 0}}, {"fllig", {0xFB02, 0, 0}}, {"fltns", {0x25B1, 0, 0}}, {"fnof", {0x192, 0, 0}},
    {"fopf", {0x1D557, 0, 0}}, {"forall", {0x2200, 0, 0}}, {"fork", {0x22D4, 0, 0}}, {"forkv", {0x2AD9, 0, 0}},
    {"fpartint", {0x2A0D, 0, 0}}, {"frac12", {0xBD, 0, 0}}, {"frac13", {0x2153, 0, 0}}, {"frac14", {0xBC, 0, 0}},
    {"frac15", {0x2155, 0, 0}}, {"frac16", {0x2159, 0, 0}}, {"frac18", {0x215B, 0, 0}}, {"frac23", {0x2154, 0, 0}},
    {"frac25", {0x2156, 0, 0}}, {"frac34", {0xBE, 0, 0}}, {"frac35", {0x2157, 0, 0}}, {"frac38", {0x215C, 0, 0}},
    {"frac45", {0x2158, 0, 0}}, {"frac56", {0x215A, 0, 0}}, {"frac58", {0x215D, 0, 0}}, {"frac78", {0x215E, 0, 0}},
    {"frasl", {0x2044, 0, 0}}, {"frown", {0x2322, 0, 0}}, {"fscr", {0x1D4BB, 0, 0}}, {"gE", {0x2267, 0, 0}},
    {"gEl", {0x2A8C, 0, 0}}, {"gacute", {0x1F5, 0, 0}}, {"gamma", {0x3B3, 0, 0}}, {"gammad", {0x3DD, 0, 0}},
    {"gap", {0x2A86, 0, 0}}, {"gbreve", {0x11F, 0, 0}}, {"gcirc", {0x11D, 0, 0}}, {"gcy", {0x433, 0, 0}},
    {"gdot", {0x121, 0, 0}}, {"ge", {0x2265, 0, 0}}, {"gel", {0x22DB, 0, 0}}, {"geq", {0x2265, 0, 0}},
    {"geqq", {0x2267, 0, 0}}, {"geqslant", {0x2A7E, 0, 0}}, {"ges", {0x2A7E, 0, 0}}, {"gescc", {0x2AA9, 0, 0}},
    {"gesdot", {0x2A80, 0, 0}}, {"gesdoto", {0x2A82, 0, 0}}, {"gesdotol", {0x2A84, 0, 0}},
    {"gesl", {0x22DB, 0xFE00, 0}}, {"gesles", {0x2A94, 0, 0}}, {"gfr", {0x1D524, 0, 0}}, {"gg", {0x226B, 0, 0}},
    {"ggg", {0x22D9, 0, 0}}, {"gimel", {0x2137, 0, 0}}, {"gjcy", {0x453, 0, 0}}, {"gl", {0x2277, 0, 0}},
    {"glE", {0x2A92, 0, 0}}, {"gla", {0x2AA5, 0, 0}}, {"glj", {0x2AA4, 0, 0}}, {"gnE", {0x2269, 0, 0}},
    {"gnap", {0x2A8A, 0, 0}}, {"gnapprox", {0x2A8A, 0, 0}}, {"gne", {0x2A88, 0, 0}}, {"gneq", {0x2A88, 0, 0}},
    {"gneqq", {0x2269, 0, 0}}, {"gnsim", {0x22E7, 0, 0}}, {"gopf", {0x1D558, 0, 0}}, {"grave", {0x60, 0, 0}},
    {"gscr", {0x210A, 0, 0}}, {"gsim", {0x2273, 0, 0}}, {"gsime", {0x2A8E, 0, 0}}, {"gsiml", {0x2A90, 0, 0}},
    {"gt", {0x3E, 0, 0}}, {"gtcc", {0x2AA7, 0, 0}}, {"gtcir", {0x2A7A, 0, 0}}, {"gtdot", {0x22D7, 0, 0}},
    {"gtlPar", {0x2995, 0, 0}}, {"gtquest", {0x2A7C, 0, 0}}, {"gtrapprox", {0x2A86, 0, 0}},
    {"gtrarr", {0x2978, 0, 0}}, {"gtrdot", {0x22D7, 0, 0}}, {"gtreqless", {0x22DB, 0, 0}},
    {"gtreqqless", {0x2A8C, 0, 0}}, {"gtrless", {0x2277, 0, 0}}, {"gtrsim", {0x2273, 0, 0}},
    {"gvertneqq", {0x2269, 0xFE00, 0}}, {"gvnE", {0x2269, 0xFE00, 0}}, {"hArr", {0x21D4, 0, 0}},
    {"hairsp", {0x200A, 0, 0}}, {"half", {0xBD, 0, 0}}, {"hamilt", {0x210B, 0, 0}}, {"hardcy", {0x44A, 0, 0}},
    {"harr", {0x2194, 0, 0}}, {"harrcir", {0x2948, 0, 0}}, {"harrw", {0x21AD, 0, 0}}, {"hbar", {0x210F, 0, 0}},
    {"hcirc", {0x125, 0, 0}}, {"hearts", {0x2665, 0, 0}}, {"heartsuit", {0x2665, 0, 0}}, {"hellip", {0x2026, 0, 0}},
    {"hercon", {0x22B9, 0, 0}}, {"hfr", {0x1D525, 0, 0}}, {"hksearow", {0x2925, 0, 0}}, {"hkswarow", {0x2926, 0, 0}},
    {"hoarr", {0x21FF, 0, 0}}, {"homtht", {0x223B, 0, 0}}, {"hookleftarrow", {0x21A9, 0, 0}},
    {"hookrightarrow", {0x21AA, 0, 0}}, {"hopf", {0x1D559, 0, 0}}, {"horbar", {0x2015, 0, 0}},
    {"hscr", {0x1D4BD, 0, 0}}, {"hslash", {0x210F, 0, 0}}, {"hstrok", {0x127, 0, 0}}, {"hybull", {0x2043, 0, 0}},
    {"hyphen", {0x2010, 0, 0}}, {"iacute", {0xED, 0, 0}}, {"ic", {0x2063, 0, 0}}, {"icirc", {0xEE, 0, 0}},
    {"icy", {0x438, 0, 0}}, {"iecy", {0x435, 0, 0}}, {"iexcl", {0xA1, 0, 0}}, {"iff", {0x21D4, 0, 0}},
    {"ifr", {0x1D526, 0, 0}}, {"igrave", {0xEC, 0, 0}}, {"ii", {0x2148, 0, 0}}, {"iiiint", {0x2A0C, 0, 0}},
    {"iiint", {0x222D, 0, 0}}, {"iinfin", {0x29DC, 0, 0}}, {"iiota", {0x2129, 0, 0}}, {"ijlig", {0x133, 0, 0}},
    {"imacr", {0x12B, 0, 0}}, {"image", {0x2111, 0, 0}}, {"imagline", {0x2110, 0, 0}}, {"imagpart", {0x2111, 0, 0}},
    {"imath", {0x131, 0, 0}}, {"imof", {0x22B7, 0, 0}}, {"imped", {0x1B5, 0, 0}}, {"in", {0x2208, 0, 0}},
    {"incare", {0x2105, 0, 0}}, {"infin", {0x221E, 0, 0}}, {"infintie", {0x29DD, 0, 0}}, {"inodot", {0x131, 0, 0}},
    {"int", {0x222B, 0, 0}}, {"intcal", {0x22BA, 0, 0}}, {"integers", {0x2124, 0, 0}}, {"intercal", {0x22BA, 0, 0}},
    {"intlarhk", {0x2A17, 0, 0}}, {"intprod", {0x2A3C, 0, 0}}, {"iocy", {0x451, 0, 0}}, {"iogon", {0x12F, 0, 0}},
    {"iopf", {0x1D55A, 0, 0}}, {"iota", {0x3B9, 0, 0}}, {"iprod", {0x2A3C, 0, 0}}, {"iquest", {0xBF, 0, 0}},
    {"iscr", {0x1D4BE, 0, 0}}, {"isin", {0x2208, 0, 0}}, {"isinE", {0x22F9, 0, 0}}, {"isindot", {0x22F5, 0, 0}},
    {"isins", {0x22F4, 0, 0}}, {"isinsv", {0x22F3, 0, 0}}, {"isinv", {0x2208, 0, 0}}, {"it", {0x2062, 0, 0}},
    {"itilde", {0x129, 0, 0}}, {"iukcy", {0x456, 0, 0}}, {"iuml", {0xEF, 0, 0}}, {"jcirc", {0x135, 0, 0}},
    {"jcy", {0x439, 0, 0}}, {"jfr", {0x1D527, 0, 0}}, {"jmath", {0x237, 0, 0}}, {"jopf", {0x1D55B, 0, 0}},
    {"jscr", {0x1D4BF, 0, 0}}, {"jsercy", {0x458, 0, 0}}, {"jukcy", {0x454, 0, 0}}, {"kappa", {0x3BA, 0, 0}},
    {"kappav", {0x3F0, 0, 0}}, {"kcedil", {0x137, 0, 0}}, {"kcy", {0x43A, 0, 0}}, {"kfr", {0x1D528, 0, 0}},
    {"kgreen", {0x138, 0, 0}}, {"khcy", {0x445, 0, 0}}, {"kjcy", {0x45C, 0, 0}}, {"kopf", {0x1D55C, 0, 0}},
    {"kscr", {0x1D4C0, 0, 0}}, {"lAarr", {0x21DA, 0, 0}}, {"lArr", {0x21D0, 0, 0}}, {"lAtail", {0x291B, 0, 0}},
    {"lBarr", {0x290E, 0, 0}}, {"lE", {0x2266, 0, 0}}, {"lEg", {0x2A8B, 0, 0}}, {"lHar", {0x2962, 0, 0}},
    {"lacute", {0x13A, 0, 0}}, {"laemptyv", {0x29B4, 0, 0}}, {"lagran", {0x2112, 0, 0}}, {"lambda", {0x3BB, 0, 0}},
    {"lang", {0x27E8, 0, 0}}, {"langd", {0x2991, 0, 0}}, {"langle", {0x27E8, 0, 0}}, {"lap", {0x2A85, 0, 0}},
    {"laquo", {0xAB, 0, 0}}, {"larr", {0x2190, 0, 0}}, {"larrb", {0x21E4, 0, 0}}, {"larrbfs", {0x291F, 0, 0}},
    {"larrfs", {0x291D, 0, 0}}, {"larrhk", {0x21A9, 0, 0}}, {"larrlp", {0x21AB, 0, 0}}, {"larrpl", {0x2939, 0, 0}},
    {"larrsim", {0x2973, 0, 0}}, {"larrtl", {0x21A2, 0, 0}}, {"lat", {0x2AAB, 0, 0}}, {"latail", {0x2919, 0, 0}},
    {"late", {0x2AAD, 0, 0}}, {"lates", {0x2AAD, 0xFE00, 0}}, {"lbarr", {0x290C, 0, 0}}, {"lbbrk", {0x2772, 0, 0}},
    {"lbrace", {0x7B, 0, 0}}, {"lbrack", {0x5B, 0, 0}}, {"lbrke", {0x298B, 0, 0}}, {"lbrksld", {0x298F, 0, 0}},
    {"lbrkslu", {0x298D, 0, 0}}, {"lcaron", {0x13E, 0, 0}}, {"lcedil", {0x13C, 0, 0}}, {"lceil", {0x2308, 0, 0}},
    {"lcub", {0x7B, 0, 0}}, {"lcy", {0x43B, 0, 0}}, {"ldca", {0x2936, 0, 0}}, {"ldquo", {0x201C, 0, 0}},
    {"ldquor", {0x201E, 0, 0}}, {"ldrdhar", {0x2967, 0, 0}}, {"ldrushar", {0x294B, 0, 0}}, {"ldsh", {0x21B2, 0, 0}},
    {"le", {0x2264, 0, 0}}, {"leftarrow", {0x2190, 0, 0}}, {"leftarrowtail", {0x21A2, 0, 0}},
    {"leftharpoondown", {0x21BD, 0, 0}}, {"leftharpoonup", {0x21BC, 0, 0}}, {"leftleftarrows", {0x21C7, 0, 0}},
    {"leftrightarrow", {0x2194, 0, 0}}, {"leftrightarrows", {0x21C6, 0, 0}}, {"leftrightharpoons", {0x21CB, 0, 0}},
    {"leftrightsquigarrow", {0x21AD, 0, 0}}, {"leftthreetimes", {0x22CB, 0, 0}}, {"leg", {0x22DA, 0, 0}},
    {"leq", {0x2264, 0, 0}}, {"leqq", {0x2266, 0, 0}}, {"leqslant", {0x2A7D, 0, 0}}, {"les", {0x2A7D, 0, 0}},
    {"lescc", {0x2AA8, 0, 0}}, {"lesdot", {0x2A7F, 0, 0}}, {"lesdoto", {0x2A81, 0, 0}}, {"lesdotor", {0x2A83, 0, 0}},
    {"lesg", {0x22DA, 0xFE00, 0}}, {"lesges", {0x2A93, 0, 0}}, {"lessapprox", {0x2A85, 0, 0}},
    {"lessdot", {0x22D6, 0, 0}}, {"lesseqgtr", {0x22DA, 0, 0}}, {"lesseqqgtr", {0x2A8B, 0, 0}},
    {"lessgtr", {0x2276, 0, 0}}, {"lesssim", {0x2272, 0, 0}}, {"lfisht", {0x297C, 0, 0}}, {"lfloor", {0x230A, 0, 0}},
    {"lfr", {0x1D529, 0, 0}}, {"lg", {0x2276, 0, 0}}, {"lgE", {0x2A91, 0, 0}}, {"lhard", {0x21BD, 0, 0}},
    {"lharu", {0x21BC, 0, 0}}, {"lharul", {0x296A, 0, 0}}, {"lhblk", {0x2584, 0, 0}}, {"ljcy", {0x459, 0, 0}},
    {"ll", {0x226A, 0, 0}}, {"llarr", {0x21C7, 0, 0}}, {"llcorner", {0x231E, 0, 0}}, {"llhard", {0x296B, 0, 0}},
    {"lltri", {0x25FA, 0, 0}}, {"lmidot", {0x140, 0, 0}}, {"lmoust", {0x23B0, 0, 0}}, {"lmoustache", {0x23B0, 0, 0}},
    {"lnE", {0x2268, 0, 0}}, {"lnap", {0x2A89, 0, 0}}, {"lnapprox", {0x2A89, 0, 0}}, {"lne", {0x2A87, 0, 0}},
    {"lneq", {0x2A87, 0, 0}}, {"lneqq", {0x2268, 0, 0}}, {"lnsim", {0x22E6, 0, 0}}, {"loang", {0x27EC, 0, 0}},
    {"loarr", {0x21FD, 0, 0}}, {"lobrk", {0x27E6, 0, 0}}, {"longleftarrow", {0x27F5, 0, 0}},
    {"longleftrightarrow", {0x27F7, 0, 0}}, {"longmapsto", {0x27FC, 0, 0}}, {"longrightarrow", {0x27F6, 0, 0}},
    {"looparrowleft", {0x21AB, 0, 0}}, {"looparrowright", {0x21AC, 0, 0}}, {"lopar", {0x2985, 0, 0}},
    {"lopf", {0x1D55D, 0, 0}}, {"loplus", {0x2A2D, 0, 0}}, {"lotimes", {0x2A34, 0, 0}}, {"lowast", {0x2217, 0, 0}},
    {"lowbar", {0x5F, 0, 0}}, {"loz", {0x25CA, 0, 0}}, {"lozenge", {0x25CA, 0, 0}}, {"lozf", {0x29EB, 0, 0}},
    {"lpar", {0x28, 0, 0}}, {"lparlt", {0x2993, 0, 0}}, {"lrarr", {0x21C6, 0, 0}}, {"lrcorner", {0x231F, 0, 0}},
    {"lrhar", {0x21CB, 0, 0}}, {"lrhard", {0x296D, 0, 0}}, {"lrm", {0x200E, 0, 0}}, {"lrtri", {0x22BF, 0, 0}},
    {"lsaquo", {0x2039, 0, 0}}, {"lscr", {0x1D4C1, 0, 0}}, {"lsh", {0x21B0, 0, 0}}, {"lsim", {0x2272, 0, 0}},
    {"lsime", {0x2A8D, 0, 0}}, {"lsimg", {0x2A8F, 0, 0}}, {"lsqb", {0x5B, 0, 0}}, {"lsquo", {0x2018, 0, 0}},
    {"lsquor", {0x201A, 0, 0}}, {"lstrok", {0x142, 0, 0}}, {"lt", {0x3C, 0, 0}}, {"ltcc", {0x2AA6, 0, 0}},
    {"ltcir", {0x2A79, 0, 0}}, {"ltdot", {0x22D6, 0, 0}}, {"lthree", {0x22CB, 0, 0}}, {"ltimes", {0x22C9, 0, 0}},
    {"ltlarr", {0x2976, 0, 0}}, {"ltquest", {0x2A7B, 0, 0}}, {"ltrPar", {0x2996, 0, 0}}, {"ltri", {0x25C3, 0, 0}},
    {"ltrie", {0x22B4, 0, 0}}, {"ltrif", {0x25C2, 0, 0}}, {"lurdshar", {0x294A, 0, 0}}, {"luruhar", {0x2966, 0, 0}},
    {"lvertneqq", {0x2268, 0xFE00, 0}}, {"lvnE", {0x2268, 0xFE00, 0}}, {"mDDot", {0x223A, 0, 0}},
    {"macr", {0xAF, 0, 0}}, {"male", {0x2642, 0, 0}}, {"malt", {0x2720, 0, 0}}, {"maltese", {0x2720, 0, 0}},
    {"map", {0x21A6, 0, 0}}, {"mapsto", {0x21A6, 0, 0}}, {"mapstodown", {0x21A7, 0, 0}},
    {"mapstoleft", {0x21A4, 0, 0}}, {"mapstoup", {0x21A5, 0, 0}}, {"marker", {0x25AE, 0, 0}},
    {"mcomma", {0x2A29, 0, 0}}, {"mcy", {0x43C, 0, 0}}, {"mdash", {0x2014, 0, 0}}, {"measuredangle", {0x2221, 0, 0}},
    {"mfr", {0x1D52A, 0, 0}}, {"mho", {0x2127, 0, 0}}, {"micro", {0xB5, 0, 0}}, {"mid", {0x2223, 0, 0}},
    {"midast", {0x2A, 0, 0}}, {"midcir", {0x2AF0, 0, 0}}, {"middot", {0xB7, 0, 0}}, {"minus", {0x2212, 0, 0}},
    {"minusb", {0x229F, 0, 0}}, {"minusd", {0x2238, 0, 0}}, {"minusdu", {0x2A2A, 0, 0}}, {"mlcp", {0x2ADB, 0, 0}},
    {"mldr", {0x2026, 0, 0}}, {"mnplus", {0x2213, 0, 0}}, {"models", {0x22A7, 0, 0}}, {"mopf", {0x1D55E, 0, 0}},
    {"mp", {0x2213, 0, 0}}, {"mscr", {0x1D4C2, 0, 0}}, {"mstpos", {0x223E, 0, 0}}, {"mu", {0x3BC, 0, 0}},
    {"multimap", {0x22B8, 0, 0}}, {"mumap", {0x22B8, 0, 0}}, {"nGg", {0x22D9, 0x338, 0}},
    {"nGt", {0x226B, 0x20D2, 0}}, {"nGtv", {0x226B, 0x338, 0}}, {"nLeftarrow", {0x21CD, 0, 0}},
    {"nLeftrightarrow", {0x21CE, 0, 0}}, {"nLl", {0x22D8, 0x338, 0}}, {"nLt", {0x226A, 0x20D2, 0}},
    {"nLtv", {0x226A, 0x338, 0}}, {"nRightarrow", {0x21CF, 0, 0}}, {"nVDash", {0x22AF, 0, 0}},
    {"nVdash", {0x22AE, 0, 0}}, {"nabla", {0x2207, 0, 0}}, {"nacute", {0x144, 0, 0}}, {"nang", {0x2220, 0x20D2, 0}},
    {"nap", {0x2249, 0, 0}}, {"napE", {0x2A70, 0x338, 0}}, {"napid", {0x224B, 0x338, 0}}, {"napos", {0x149, 0, 0}},
    {"napprox", {0x2249, 0, 0}}, {"natur", {0x266E, 0, 0}}, {"natural", {0x266E, 0, 0}}, {"naturals", {0x2115, 0, 0}},
    {"nbsp", {0xA0, 0, 0}}, {"nbump", {0x224E, 0x338, 0}}, {"nbumpe", {0x224F, 0x338, 0}}, {"ncap", {0x2A43, 0, 0}},
    {"ncaron", {0x148, 0, 0}}, {"ncedil", {0x146, 0, 0}}, {"ncong", {0x2247, 0, 0}}, {"ncongdot", {0x2A6D, 0x338, 0}},
    {"ncup", {0x2A42, 0, 0}}, {"ncy", {0x43D, 0, 0}}, {"ndash", {0x2013, 0, 0}}, {"ne", {0x2260, 0, 0}},
    {"neArr", {0x21D7, 0, 0}}, {"nearhk", {0x2924, 0, 0}}, {"nearr", {0x2197, 0, 0}}, {"nearrow", {0x2197, 0, 0}},
    {"nedot", {0x2250, 0x338, 0}}, {"nequiv", {0x2262, 0, 0}}, {"nesear", {0x2928, 0, 0}},
    {"nesim", {0x2242, 0x338, 0}}, {"nexist", {0x2204, 0, 0}}, {"nexists", {0x2204, 0, 0}}, {"nfr", {0x1D52B, 0, 0}},
    {"ngE", {0x2267, 0x338, 0}}, {"nge", {0x2271, 0, 0}}, {"ngeq", {0x2271, 0, 0}}, {"ngeqq", {0x2267, 0x338, 0}},
    {"ngeqslant", {0x2A7E, 0x338, 0}}, {"nges", {0x2A7E, 0x338, 0}}, {"ngsim", {0x2275, 0, 0}},
    {"ngt", {0x226F, 0, 0}}, {"ngtr", {0x226F, 0, 0}}, {"nhArr", {0x21CE, 0, 0}}, {"nharr", {0x21AE, 0, 0}},
    {"nhpar", {0x2AF2, 0, 0}}, {"ni", {0x220B, 0, 0}}, {"nis", {0x22FC, 0, 0}}, {"nisd", {0x22FA, 0, 0}},
    {"niv", {0x220B, 0, 0}}, {"njcy", {0x45A, 0, 0}}, {"nlArr", {0x21CD, 0, 0}}, {"nlE", {0x2266, 0x338, 0}},
    {"nlarr", {0x219A, 0, 0}}, {"nldr", {0x2025, 0, 0}}, {"nle", {0x2270, 0, 0}}, {"nleftarrow", {0x219A, 0, 0}},
    {"nleftrightarrow", {0x21AE, 0, 0}}, {"nleq", {0x2270, 0, 0}}, {"nleqq", {0x2266, 0x338, 0}},
    {"nleqslant", {0x2A7D, 0x338, 0}}, {"nles", {0x2A7D, 0x338, 0}}, {"nless", {0x226E, 0, 0}},
    {"nlsim", {0x2274, 0, 0}}, {"nlt", {0x226E, 0, 0}}, {"nltri", {0x22EA, 0, 0}}, {"nltrie", {0x22EC, 0, 0}},
    {"nmid", {0x2224, 0, 0}}, {"nopf", {0x1D55F, 0, 0}}, {"not", {0xAC, 0, 0}}, {"notin", {0x2209, 0, 0}},
    {"notinE", {0x22F9, 0x338, 0}}, {"notindot", {0x22F5, 0x338, 0}}, {"notinva", {0x2209, 0, 0}},
    {"notinvb", {0x22F7, 0, 0}}, {"notinvc", {0x22F6, 0, 0}}, {"notni", {0x220C, 0, 0}}, {"notniva", {0x220C, 0, 0}},
    {"notnivb", {0x22FE, 0, 0}}, {"notnivc", {0x22FD, 0, 0}}, {"npar", {0x2226, 0, 0}}, {"nparallel", {0x2226, 0, 0}},
    {"nparsl", {0x2AFD, 0x20E5, 0}}, {"npart", {0x2202, 0x338, 0}}, {"npolint", {0x2A14, 0, 0}},
    {"npr", {0x2280, 0, 0}}, {"nprcue", {0x22E0, 0, 0}}, {"npre", {0x2AAF, 0x338, 0}}, {"nprec", {0x2280, 0, 0}},
    {"npreceq", {0x2AAF, 0x338, 0}}, {"nrArr", {0x21CF, 0, 0}}, {"nrarr", {0x219B, 0, 0}},
    {"nrarrc", {0x2933, 0x338, 0}}, {"nrarrw", {0x219D, 0x338, 0}}, {"nrightarrow", {0x219B, 0, 0}},
    {"nrtri", {0x22EB, 0, 0}}, {"nrtrie", {0x22ED, 0, 0}}, {"nsc", {0x2281, 0, 0}}, {"nsccue", {0x22E1, 0, 0}},
    {"nsce", {0x2AB0, 0x338, 0}}, {"nscr", {0x1D4C3, 0, 0}}, {"nshortmid", {0x2224, 0, 0}},
    {"nshortparallel", {0x2226, 0, 0}}, {"nsim", {0x2241, 0, 0}}, {"nsime", {0x2244, 0, 0}},
    {"nsimeq", {0x2244, 0, 0}}, {"nsmid", {0x2224, 0, 0}}, {"nspar", {0x2226, 0, 0}}, {"nsqsube", {0x22E2, 0, 0}},
    {"nsqsupe", {0x22E3, 0, 0}}, {"nsub", {0x2284, 0, 0}}, {"nsubE", {0x2AC5, 0x338, 0}}, {"nsube", {0x2288, 0, 0}},
    {"nsubset", {0x2282, 0x20D2, 0}}, {"nsubseteq", {0x2288, 0, 0}}, {"nsubseteqq", {0x2AC5, 0x338, 0}},
    {"nsucc", {0x2281, 0, 0}}, {"nsucceq", {0x2AB0, 0x338, 0}}, {"nsup", {0x2285, 0, 0}},
    {"nsupE", {0x2AC6, 0x338, 0}}, {"nsupe", {0x2289, 0, 0}}, {"nsupset", {0x2283, 0x20D2, 0}},
    {"nsupseteq", {0x2289, 0, 0}}, {"nsupseteqq", {0x2AC6, 0x338, 0}}, {"ntgl", {0x2279, 0, 0}},
    {"ntilde", {0xF1, 0, 0}}, {"ntlg", {0x2278, 0, 0}}, {"ntriangleleft", {0x22EA, 0, 0}},
    {"ntrianglelefteq", {0x22EC, 0, 0}}, {"ntriangleright", {0x22EB, 0, 0}}, {"ntrianglerighteq", {0x22ED, 0, 0}},
    {"nu", {0x3BD, 0, 0}}, {"num", {0x23, 0, 0}}, {"numero", {0x2116, 0, 0}}, {"numsp", {0x2007, 0, 0}},
    {"nvDash", {0x22AD, 0, 0}}, {"nvHarr", {0x2904, 0, 0}}, {"nvap", {0x224D, 0x20D2, 0}}, {"nvdash", {0x22AC, 0, 0}},
    {"nvge", {0x2265, 0x20D2, 0}}, {"nvgt", {0x3E, 0x20D2, 0}}, {"nvinfin", {0x29DE, 0, 0}},
    {"nvlArr", {0x2902, 0, 0}}, {"nvle", {0x2264, 0x20D2, 0}}, {"nvlt", {0x3C, 0x20D2, 0}},
    {"nvltrie", {0x22B4, 0x20D2, 0}}, {"nvrArr", {0x2903, 0, 0}}, {"nvrtrie", {0x22B5, 0x20D2, 0}},
    {"nvsim", {0x223C, 0x20D2, 0}}, {"nwArr", {0x21D6, 0, 0}}, {"nwarhk", {0x2923, 0, 0}}, {"nwarr", {0x2196, 0, 0}},
    {"nwarrow", {0x2196, 0, 0}}, {"nwnear", {0x2927, 0, 0}}, {"oS", {0x24C8, 0, 0}}, {"oacute", {0xF3, 0, 0}},
    {"oast", {0x229B, 0, 0}}, {"ocir", {0x229A, 0, 0}}, {"ocirc", {0xF4, 0, 0}}, {"ocy", {0x43E, 0, 0}},
    {"odash", {0x229D, 0, 0}}, {"odblac", {0x151, 0, 0}}, {"odiv", {0x2A38, 0, 0}}, {"odot", {0x2299, 0, 0}},
    {"odsold", {0x29BC, 0, 0}}, {"oelig", {0x153, 0, 0}}, {"ofcir", {0x29BF, 0, 0}}, {"ofr", {0x1D52C, 0, 0}},
    {"ogon", {0x2DB, 0, 0}}, {"ograve", {0xF2, 0, 0}}, {"ogt", {0x29C1, 0, 0}}, {"ohbar", {0x29B5, 0, 0}},
    {"ohm", {0x3A9, 0, 0}}, {"oint", {0x222E, 0, 0}}, {"olarr", {0x21BA, 0, 0}}, {"olcir", {0x29BE, 0, 0}},
    {"olcross", {0x29BB, 0, 0}}, {"oline", {0x203E, 0, 0}}, {"olt", {0x29C0, 0, 0}}, {"omacr", {0x14D, 0, 0}},
    {"omega", {0x3C9, 0, 0}}, {"omicron", {0x3BF, 0, 0}}, {"omid", {0x29B6, 0, 0}}, {"ominus", {0x2296, 0, 0}},
    {"oopf", {0x1D560, 0, 0}}, {"opar", {0x29B7, 0, 0}}, {"operp", {0x29B9, 0, 0}}, {"oplus", {0x2295, 0, 0}},
    {"or", {0x2228, 0, 0}}, {"orarr", {0x21BB, 0, 0}}, {"ord", {0x2A5D, 0, 0}}, {"order", {0x2134, 0, 0}},
    {"orderof", {0x2134, 0, 0}}, {"ordf", {0xAA, 0, 0}}, {"ordm", {0xBA, 0, 0}}, {"origof", {0x22B6, 0, 0}},
    {"oror", {0x2A56, 0, 0}}, {"orslope", {0x2A57, 0, 0}}, {"orv", {0x2A5B, 0, 0}}, {"oscr", {0x2134, 0, 0}},
    {"oslash", {0xF8, 0, 0}}, {"osol", {0x2298, 0, 0}}, {"otilde", {0xF5, 0, 0}}, {"otimes", {0x2297, 0, 0}},
    {"otimesas", {0x2A36, 0, 0}}, {"ouml", {0xF6, 0, 0}}, {"ovbar", {0x233D, 0, 0}}, {"par", {0x2225, 0, 0}},
    {"para", {0xB6, 0, 0}}, {"parallel", {0x2225, 0, 0}}, {"parsim", {0x2AF3, 0, 0}}, {"parsl", {0x2AFD, 0, 0}},
    {"part", {0x2202, 0, 0}}, {"pcy", {0x43F, 0, 0}}, {"percnt", {0x25, 0, 0}}, {"period", {0x2E, 0, 0}},
    {"permil", {0x2030, 0, 0}}, {"perp", {0x22A5, 0, 0}}, {"pertenk", {0x2031, 0, 0}}, {"pfr", {0x1D52D, 0, 0}},
    {"phi", {0x3C6, 0, 0}}, {"phiv", {0x3D5, 0, 0}}, {"phmmat", {0x2133, 0, 0}}, {"phone", {0x260E, 0, 0}},
    {"pi", {0x3C0, 0, 0}}, {"pitchfork", {0x22D4, 0, 0}}, {"piv", {0x3D6, 0, 0}}, {"planck", {0x210F, 0, 0}},
    {"planckh", {0x210E, 0, 0}}, {"plankv", {0x210F, 0, 0}}, {"plus", {0x2B, 0, 0}}, {"plusacir", {0x2A23, 0, 0}},
    {"plusb", {0x229E, 0, 0}}, {"pluscir", {0x2A22, 0, 0}}, {"plusdo", {0x2214, 0, 0}}, {"plusdu", {0x2A25, 0, 0}},
    {"pluse", {0x2A72, 0, 0}}, {"plusmn", {0xB1, 0, 0}}, {"plussim", {0x2A26, 0, 0}}, {"plustwo", {0x2A27, 0, 0}},
    {"pm", {0xB1, 0, 0}}, {"pointint", {0x2A15, 0, 0}}, {"popf", {0x1D561, 0, 0}}, {"pound", {0xA3, 0, 0}},
    {"pr", {0x227A, 0, 0}}, {"prE", {0x2AB3, 0, 0}}, {"prap", {0x2AB7, 0, 0}}, {"prcue", {0x227C, 0, 0}},
    {"pre", {0x2AAF, 0, 0}}, {"prec", {0x227A, 0, 0}}, {"precapprox", {0x2AB7, 0, 0}},
    {"preccurlyeq", {0x227C, 0, 0}}, {"preceq", {0x2AAF, 0, 0}}, {"precnapprox", {0x2AB9, 0, 0}},
    {"precneqq", {0x2AB5, 0, 0}}, {"precnsim", {0x22E8, 0, 0}}, {"precsim", {0x227E, 0, 0}},
    {"prime", {0x2032, 0, 0}}, {"primes", {0x2119, 0, 0}}, {"prnE", {0x2AB5, 0, 0}}, {"prnap", {0x2AB9, 0, 0}},
    {"prnsim", {0x22E8, 0, 0}}, {"prod", {0x220F, 0, 0}}, {"profalar", {0x232E, 0, 0}}, {"profline", {0x2312, 0, 0}},
    {"profsurf", {0x2313, 0, 0}}, {"prop", {0x221D, 0, 0}}, {"propto", {0x221D, 0, 0}}, {"prsim", {0x227E, 0, 0}},
    {"prurel", {0x22B0, 0, 0}}, {"pscr", {0x1D4C5, 0, 0}}, {"psi", {0x3C8, 0, 0}}, {"puncsp", {0x2008, 0, 0}},
    {"qfr", {0x1D52E, 0, 0}}, {"qint", {0x2A0C, 0, 0}}, {"qopf", {0x1D562, 0, 0}}, {"qprime", {0x2057, 0, 0}},
    {"qscr", {0x1D4C6, 0, 0}}, {"quaternions", {0x210D, 0, 0}}, {"quatint", {0x2A16, 0, 0}}, {"quest", {0x3F, 0, 0}},
    {"questeq", {0x225F, 0, 0}}, {"quot", {0x22, 0, 0}}, {"rAarr", {0x21DB, 0, 0}}, {"rArr", {0x21D2, 0, 0}},
    {"rAtail", {0x291C, 0, 0}}, {"rBarr", {0x290F, 0, 0}}, {"rHar", {0x2964, 0, 0}}, {"race", {0x223D, 0x331, 0}},
    {"racute", {0x155, 0, 0}}, {"radic", {0x221A, 0, 0}}, {"raemptyv", {0x29B3, 0, 0}}, {"rang", {0x27E9, 0, 0}},
    {"rangd", {0x2992, 0, 0}}, {"range", {0x29A5, 0, 0}}, {"rangle", {0x27E9, 0, 0}}, {"raquo", {0xBB, 0, 0}},
    {"rarr", {0x2192, 0, 0}}, {"rarrap", {0x2975, 0, 0}}, {"rarrb", {0x21E5, 0, 0}}, {"rarrbfs", {0x2920, 0, 0}},
    {"rarrc", {0x2933, 0, 0}}, {"rarrfs", {0x291E, 0, 0}}, {"rarrhk", {0x21AA, 0, 0}}, {"rarrlp", {0x21AC, 0, 0}},
    {"rarrpl", {0x2945, 0, 0}}, {"rarrsim", {0x2974, 0, 0}}, {"rarrtl", {0x21A3, 0, 0}}, {"rarrw", {0x219D, 0, 0}},
    {"ratail", {0x291A, 0, 0}}, {"ratio", {0x2236, 0, 0}}, {"rationals", {0x211A, 0, 0}}, {"rbarr", {0x290D, 0, 0}},
    {"rbbrk", {0x2773, 0, 0}}, {"rbrace", {0x7D, 0, 0}}, {"rbrack", {0x5D, 0, 0}}, {"rbrke", {0x298C, 0, 0}},
    {"rbrksld", {0x298E, 0, 0}}, {"rbrkslu", {0x2990, 0, 0}}, {"rcaron", {0x159, 0, 0}}, {"rcedil", {0x157, 0, 0}},
    {"rceil", {0x2309, 0, 0}}, {"rcub", {0x7D, 0, 0}}, {"rcy", {0x440, 0, 0}}, {"rdca", {0x2937, 0, 0}},
    {"rdldhar", {0x2969, 0, 0}}, {"rdquo", {0x201D, 0, 0}}, {"rdquor", {0x201D, 0, 0}}, {"rdsh", {0x21B3, 0, 0}},
    {"real", {0x211C, 0, 0}}, {"realine", {0x211B, 0, 0}}, {"realpart", {0x211C, 0, 0}}, {"reals", {0x211D, 0, 0}},
    {"rect", {0x25AD, 0, 0}}, {"reg", {0xAE, 0, 0}}, {"rfisht", {0x297D, 0, 0}}, {"rfloor", {0x230B, 0, 0}},
    {"rfr", {0x1D52F, 0, 0}}, {"rhard", {0x21C1, 0, 0}}, {"rharu", {0x21C0, 0, 0}}, {"rharul", {0x296C, 0, 0}},
    {"rho", {0x3C1, 0, 0}}, {"rhov", {0x3F1, 0, 0}}, {"rightarrow", {0x2192, 0, 0}},
    {"rightarrowtail", {0x21A3, 0, 0}}, {"rightharpoondown", {0x21C1, 0, 0}}, {"rightharpoonup", {0x21C0, 0, 0}},
    {"rightleftarrows", {0x21C4, 0, 0}}, {"rightleftharpoons", {0x21CC, 0, 0}}, {"rightrightarrows", {0x21C9, 0, 0}},
    {"rightsquigarrow", {0x219D, 0, 0}}, {"rightthreetimes", {0x22CC, 0, 0}}, {"ring", {0x2DA, 0, 0}},
    {"risingdotseq", {0x2253, 0, 0}}, {"rlarr", {0x21C4, 0, 0}}, {"rlhar", {0x21CC, 0, 0}}, {"rlm", {0x200F, 0, 0}},
    {"rmoust", {0x23B1, 0, 0}}, {"rmoustache", {0x23B1, 0, 0}}, {"rnmid", {0x2AEE, 0, 0}}, {"roang", {0x27ED, 0, 0}},
    {"roarr", {0x21FE, 0, 0}}, {"robrk", {0x27E7, 0, 0}}, {"ropar", {0x2986, 0, 0}}, {"ropf", {0x1D563, 0, 0}},
    {"roplus", {0x2A2E, 0, 0}}, {"rotimes", {0x2A35, 0, 0}}, {"rpar", {0x29, 0, 0}}, {"rpargt", {0x2994, 0, 0}},
    {"rppolint", {0x2A12, 0, 0}}, {"rrarr", {0x21C9, 0, 0}}, {"rsaquo", {0x203A, 0, 0}}, {"rscr", {0x1D4C7, 0, 0}},
    {"rsh", {0x21B1, 0, 0}}, {"rsqb", {0x5D, 0, 0}}, {"rsquo", {0x2019, 0, 0}}, {"rsquor", {0x2019, 0, 0}},
    {"rthree", {0x22CC, 0, 0}}, {"rtimes", {0x22CA, 0, 0}}, {"rtri", {0x25B9, 0, 0}}, {"rtrie", {0x22B5, 0, 0}},
    {"rtrif", {0x25B8, 0, 0}}, {"rtriltri", {0x29CE, 0, 0}}, {"ruluhar", {0x2968, 0, 0}}, {"rx", {0x211E, 0, 0}},
    {"sacute", {0x15B, 0, 0}}, {"sbquo", {0x201A, 0, 0}}, {"sc", {0x227B, 0, 0}}, {"scE", {0x2AB4, 0, 0}},
    {"scap", {0x2AB8, 0, 0}}, {"scaron", {0x161, 0, 0}}, {"sccue", {0x227D, 0, 0}}, {"sce", {0x2AB0, 0, 0}},
    {"scedil", {0x15F, 0, 0}}, {"scirc", {0x15D, 0, 0}}, {"scnE", {0x2AB6, 0, 0}}, {"scnap", {0x2ABA, 0, 0}},
    {"scnsim", {0x22E9, 0, 0}}, {"scpolint", {0x2A13, 0, 0}}, {"scsim", {0x227F, 0, 0}}, {"scy", {0x441, 0, 0}},
    {"sdot", {0x22C5, 0, 0}}, {"sdotb", {0x22A1, 0, 0}}, {"sdote", {0x2A66, 0, 0}}, {"seArr", {0x21D8, 0, 0}},
    {"searhk", {0x2925, 0, 0}}, {"searr", {0x2198, 0, 0}}, {"searrow", {0x2198, 0, 0}}, {"sect", {0xA7, 0, 0}},
    {"semi", {0x3B, 0, 0}}, {"seswar", {0x2929, 0, 0}}, {"setminus", {0x2216, 0, 0}}, {"setmn", {0x2216, 0, 0}},
    {"sext", {0x2736, 0, 0}}, {"sfr", {0x1D530, 0, 0}}, {"sfrown", {0x2322, 0, 0}}, {"sharp", {0x266F, 0, 0}},
    {"shchcy", {0x449, 0, 0}}, {"shcy", {0x448, 0, 0}}, {"shortmid", {0x2223, 0, 0}},
    {"shortparallel", {0x2225, 0, 0}}, {"shy", {0xAD, 0, 0}}, {"sigma", {0x3C3, 0, 0}}, {"sigmaf", {0x3C2, 0, 0}},
    {"sigmav", {0x3C2, 0, 0}}, {"sim", {0x223C, 0, 0}}, {"simdot", {0x2A6A, 0, 0}}, {"sime", {0x2243, 0, 0}},
    {"simeq", {0x2243, 0, 0}}, {"simg", {0x2A9E, 0, 0}}, {"simgE", {0x2AA0, 0, 0}}, {"siml", {0x2A9D, 0, 0}},
    {"simlE", {0x2A9F, 0, 0}}, {"simne", {0x2246, 0, 0}}, {"simplus", {0x2A24, 0, 0}}, {"simrarr", {0x2972, 0, 0}},
    {"slarr", {0x2190, 0, 0}}, {"smallsetminus", {0x2216, 0, 0}}, {"smashp", {0x2A33, 0, 0}},
    {"smeparsl", {0x29E4, 0, 0}}, {"smid", {0x2223, 0, 0}}, {"smile", {0x2323, 0, 0}}, {"smt", {0x2AAA, 0, 0}},
    {"smte", {0x2AAC, 0, 0}}, {"smtes", {0x2AAC, 0xFE00, 0}}, {"softcy", {0x44C, 0, 0}}, {"sol", {0x2F, 0, 0}},
    {"solb", {0x29C4, 0, 0}}, {"solbar", {0x233F, 0, 0}}, {"sopf", {0x1D564, 0, 0}}, {"spades", {0x2660, 0, 0}},
    {"spadesuit", {0x2660, 0, 0}}, {"spar", {0x2225, 0, 0}}, {"sqcap", {0x2293, 0, 0}},
    {"sqcaps", {0x2293, 0xFE00, 0}}, {"sqcup", {0x2294, 0, 0}}, {"sqcups", {0x2294, 0xFE00, 0}},
    {"sqsub", {0x228F, 0, 0}}, {"sqsube", {0x2291, 0, 0}}, {"sqsubset", {0x228F, 0, 0}},
    {"sqsubseteq", {0x2291, 0, 0}}, {"sqsup", {0x2290, 0, 0}}, {"sqsupe", {0x2292, 0, 0}},
    {"sqsupset", {0x2290, 0, 0}}, {"sqsupseteq", {0x2292, 0, 0}}, {"squ", {0x25A1, 0, 0}}, {"square", {0x25A1, 0, 0}},
    {"squarf", {0x25AA, 0, 0}}, {"squf", {0x25AA, 0, 0}}, {"srarr", {0x2192, 0, 0}}, {"sscr", {0x1D4C8, 0, 0}},
    {"ssetmn", {0x2216, 0, 0}}, {"ssmile", {0x2323, 0, 0}}, {"sstarf", {0x22C6, 0, 0}}, {"star", {0x2606, 0, 0}},
    {"starf", {0x2605, 0, 0}}, {"straightepsilon", {0x3F5, 0, 0}}, {"straightphi", {0x3D5, 0, 0}},
    {"strns", {0xAF, 0, 0}}, {"sub", {0x2282, 0, 0}}, {"subE", {0x2AC5, 0, 0}}, {"subdot", {0x2ABD, 0, 0}},
    {"sube", {0x2286, 0, 0}}, {"subedot", {0x2AC3, 0, 0}}, {"submult", {0x2AC1, 0, 0}}, {"subnE", {0x2ACB, 0, 0}},
    {"subne", {0x228A, 0, 0}}, {"subplus", {0x2ABF, 0, 0}}, {"subrarr", {0x2979, 0, 0}}, {"subset", {0x2282, 0, 0}},
    {"subseteq", {0x2286, 0, 0}}, {"subseteqq", {0x2AC5, 0, 0}}, {"subsetneq", {0x228A, 0, 0}},
    {"subsetneqq", {0x2ACB, 0, 0}}, {"subsim", {0x2AC7, 0, 0}}, {"subsub", {0x2AD5, 0, 0}},
    {"subsup", {0x2AD3, 0, 0}}, {"succ", {0x227B, 0, 0}}, {"succapprox", {0x2AB8, 0, 0}},
    {"succcurlyeq", {0x227D, 0, 0}}, {"succeq", {0x2AB0, 0, 0}}, {"succnapprox", {0x2ABA, 0, 0}},
    {"succneqq", {0x2AB6, 0, 0}}, {"succnsim", {0x22E9, 0, 0}}, {"succsim", {0x227F, 0, 0}}, {"sum", {0x2211, 0, 0}},
    {"sung", {0x266A, 0, 0}}, {"sup", {0x2283, 0, 0}}, {"sup1", {0xB9, 0, 0}}, {"sup2", {0xB2, 0, 0}},
    {"sup3", {0xB3, 0, 0}}, {"supE", {0x2AC6, 0, 0}}, {"supdot", {0x2ABE, 0, 0}}, {"supdsub", {0x2AD8, 0, 0}},
    {"supe", {0x2287, 0, 0}}, {"supedot", {0x2AC4, 0, 0}}, {"suphsol", {0x27C9, 0, 0}}, {"suphsub", {0x2AD7, 0, 0}},
    {"suplarr", {0x297B, 0, 0}}, {"supmult", {0x2AC2, 0, 0}}, {"supnE", {0x2ACC, 0, 0}}, {"supne", {0x228B, 0, 0}},
    {"supplus", {0x2AC0, 0, 0}}, {"supset", {0x2283, 0, 0}}, {"supseteq", {0x2287, 0, 0}},
    {"supseteqq", {0x2AC6, 0, 0}}, {"supsetneq", {0x228B, 0, 0}}, {"supsetneqq", {0x2ACC, 0, 0}},
    {"supsim", {0x2AC8, 0, 0}}, {"supsub", {0x2AD4, 0, 0}}, {"supsup", {0x2AD6, 0, 0}}, {"swArr", {0x21D9, 0, 0}},
    {"swarhk", {0x2926, 0, 0}}, {"swarr", {0x2199, 0, 0}}, {"swarrow", {0x2199, 0, 0}}, {"swnwar", {0x292A, 0, 0}},
    {"szlig", {0xDF, 0, 0}}, {"target", {0x2316, 0, 0}}, {"tau", {0x3C4, 0, 0}}, {"tbrk", {0x23B4, 0, 0}},
    {"tcaron", {0x165, 0, 0}}, {"tcedil", {0x163, 0, 0}}, {"tcy", {0x442, 0, 0}}, {"tdot", {0x20DB, 0, 0}},
    {"telrec", {0x2315, 0, 0}}, {"tfr", {0x1D531, 0, 0}}, {"there4", {0x2234, 0, 0}}, {"therefore", {0x2234, 0, 0}},
    {"theta", {0x3B8, 0, 0}}, {"thetasym", {0x3D1, 0, 0}}, {"thetav", {0x3D1, 0, 0}}, {"thickapprox", {0x2248, 0, 0}},
    {"thicksim", {0x223C, 0, 0}}, {"thinsp", {0x2009, 0, 0}}, {"thkap", {0x2248, 0, 0}}, {"thksim", {0x223C, 0, 0}},
    {"thorn", {0xFE, 0, 0}}, {"tilde", {0x2DC, 0, 0}}, {"times", {0xD7, 0, 0}}, {"timesb", {0x22A0, 0, 0}},
    {"timesbar", {0x2A31, 0, 0}}, {"timesd", {0x2A30, 0, 0}}, {"tint", {0x222D, 0, 0}}, {"toea", {0x2928, 0, 0}},
    {"top", {0x22A4, 0, 0}}, {"topbot", {0x2336, 0, 0}}, {"topcir", {0x2AF1, 0, 0}}, {"topf", {0x1D565, 0, 0}},
    {"topfork", {0x2ADA, 0, 0}}, {"tosa", {0x2929, 0, 0}}, {"tprime", {0x2034, 0, 0}}, {"trade", {0x2122, 0, 0}},
    {"triangle", {0x25B5, 0, 0}}, {"triangledown", {0x25BF, 0, 0}}, {"triangleleft", {0x25C3, 0, 0}},
    {"trianglelefteq", {0x22B4, 0, 0}}, {"triangleq", {0x225C, 0, 0}}, {"triangleright", {0x25B9, 0, 0}},
    {"trianglerighteq", {0x22B5, 0, 0}}, {"tridot", {0x25EC, 0, 0}}, {"trie", {0x225C, 0, 0}},
    {"triminus", {0x2A3A, 0, 0}}, {"triplus", {0x2A39, 0, 0}}, {"trisb", {0x29CD, 0, 0}}, {"tritime", {0x2A3B, 0, 0}},
    {"trpezium", {0x23E2, 0, 0}}, {"tscr", {0x1D4C9, 0, 0}}, {"tscy", {0x446, 0, 0}}, {"tshcy", {0x45B, 0, 0}},
    {"tstrok", {0x167, 0, 0}}, {"twixt", {0x226C, 0, 0}}, {"twoheadleftarrow", {0x219E, 0, 0}},
    {"twoheadrightarrow", {0x21A0, 0, 0}}, {"uArr", {0x21D1, 0, 0}}, {"uHar", {0x2963, 0, 0}},
    {"uacute", {0xFA, 0, 0}}, {"uarr", {0x2191, 0, 0}}, {"ubrcy", {0x45E, 0, 0}}, {"ubreve", {0x16D, 0, 0}},
    {"ucirc", {0xFB, 0, 0}}, {"ucy", {0x443, 0, 0}}, {"udarr", {0x21C5, 0, 0}}, {"udblac", {0x171, 0, 0}},
    {"udhar", {0x296E, 0, 0}}, {"ufisht", {0x297E, 0, 0}}, {"ufr", {0x1D532, 0, 0}}, {"ugrave", {0xF9, 0, 0}},
    {"uharl", {0x21BF, 0, 0}}, {"uharr", {0x21BE, 0, 0}}, {"uhblk", {0x2580, 0, 0}}, {"ulcorn", {0x231C, 0, 0}},
    {"ulcorner", {0x231C, 0, 0}}, {"ulcrop", {0x230F, 0, 0}}, {"ultri", {0x25F8, 0, 0}}, {"umacr", {0x16B, 0, 0}},
    {"uml", {0xA8, 0, 0}}, {"uogon", {0x173, 0, 0}}, {"uopf", {0x1D566, 0, 0}}, {"uparrow", {0x2191, 0, 0}},
    {"updownarrow", {0x2195, 0, 0}}, {"upharpoonleft", {0x21BF, 0, 0}}, {"upharpoonright", {0x21BE, 0, 0}},
    {"uplus", {0x228E, 0, 0}}, {"upsi", {0x3C5, 0, 0}}, {"upsih", {0x3D2, 0, 0}}, {"upsilon", {0x3C5, 0, 0}},
    {"upuparrows", {0x21C8, 0, 0}}, {"urcorn", {0x231D, 0, 0}}, {"urcorner", {0x231D, 0, 0}},
    {"urcrop", {0x230E, 0, 0}}, {"uring", {0x16F, 0, 0}}, {"urtri", {0x25F9, 0, 0}}, {"uscr", {0x1D4CA, 0, 0}},
    {"utdot", {0x22F0, 0, 0}}, {"utilde", {0x169, 0, 0}}, {"utri", {0x25B5, 0, 0}}, {"utrif", {0x25B4, 0, 0}},
    {"uuarr", {0x21C8, 0, 0}}, {"uuml", {0xFC, 0, 0}}, {"uwangle", {0x29A7, 0, 0}}, {"vArr", {0x21D5, 0, 0}},
    {"vBar", {0x2AE8, 0, 0}}, {"vBarv", {0x2AE9, 0, 0}}, {"vDash", {0x22A8, 0, 0}}, {"vangrt", {0x299C, 0, 0}},
    {"varepsilon", {0x3F5, 0, 0}}, {"varkappa", {0x3F0, 0, 0}}, {"varnothing", {0x2205, 0, 0}},
    {"varphi", {0x3D5, 0, 0}}, {"varpi", {0x3D6, 0, 0}}, {"varpropto", {0x221D, 0, 0}}, {"varr", {0x2195, 0, 0}},
    {"varrho", {0x3F1, 0, 0}}, {"varsigma", {0x3C2, 0, 0}}, {"varsubsetneq", {0x228A, 0xFE00, 0}},
    {"varsubsetneqq", {0x2ACB, 0xFE00, 0}}, {"varsupsetneq", {0x228B, 0xFE00, 0}},
    {"varsupsetneqq", {0x2ACC, 0xFE00, 0}}, {"vartheta", {0x3D1, 0, 0}}, {"vartriangleleft", {0x22B2, 0, 0}},
    {"vartriangleright", {0x22B3, 0, 0}}, {"vcy", {0x432, 0, 0}}, {"vdash", {0x22A2, 0, 0}}, {"vee", {0x2228, 0, 0}},
    {"veebar", {0x22BB, 0, 0}}, {"veeeq", {0x225A, 0, 0}}, {"vellip", {0x22EE, 0, 0}}, {"verbar", {0x7C, 0, 0}},
    {"vert", {0x7C, 0, 0}}, {"vfr", {0x1D533, 0, 0}}, {"vltri", {0x22B2, 0, 0}}, {"vnsub", {0x2282, 0x20D2, 0}},
    {"vnsup", {0x2283, 0x20D2, 0}}, {"vopf", {0x1D567, 0, 0}}, {"vprop", {0x221D, 0, 0}}, {"vrtri", {0x22B3, 0, 0}},
    {"vscr", {0x1D4CB, 0, 0}}, {"vsubnE", {0x2ACB, 0xFE00, 0}}, {"vsubne", {0x228A, 0xFE00, 0}},
    {"vsupnE", {0x2ACC, 0xFE00, 0}}, {"vsupne", {0x228B, 0xFE00, 0}}, {"vzigzag", {0x299A, 0, 0}},
    {"wcirc", {0x175, 0, 0}}, {"wedbar", {0x2A5F, 0, 0}}, {"wedge", {0x2227, 0, 0}}, {"wedgeq", {0x2259, 0, 0}},
    {"weierp", {0x2118, 0, 0}}, {"wfr", {0x1D534, 0, 0}}, {"wopf", {0x1D568, 0, 0}}, {"wp", {0x2118, 0, 0}},
    {"wr", {0x2240, 0, 0}}, {"wreath", {0x2240, 0, 0}}, {"wscr", {0x1D4CC, 0, 0}}, {"xcap", {0x22C2, 0, 0}},
    {"xcirc", {0x25EF, 0, 0}}, {"xcup", {0x22C3, 0, 0}}, {"xdtri", {0x25BD, 0, 0}}, {"xfr", {0x1D535, 0, 0}},
    {"xhArr", {0x27FA, 0, 0}}, {"xharr", {0x27F7, 0, 0}}, {"xi", {0x3BE, 0, 0}}, {"xlArr", {0x27F8, 0, 0}},
    {"xlarr", {0x27F5, 0, 0}}, {"xmap", {0x27FC, 0, 0}}, {"xnis", {0x22FB, 0, 0}}, {"xodot", {0x2A00, 0, 0}},
    {"xopf", {0x1D569, 0, 0}}, {"xoplus", {0x2A01, 0, 0}}, {"xotime", {0x2A02, 0, 0}}, {"xrArr", {0x27F9, 0, 0}},
    {"xrarr", {0x27F6, 0, 0}}, {"xscr", {0x1D4CD, 0, 0}}, {"xsqcup", {0x2A06, 0, 0}}, {"xuplus", {0x2A04, 0, 0}},
    {"xutri", {0x25B3, 0, 0}}, {"xvee", {0x22C1, 0, 0}}, {"xwedge", {0x22C0, 0, 0}}, {"yacute", {0xFD, 0, 0}},
    {"yacy", {0x44F, 0, 0}}, {"ycirc", {0x177, 0, 0}}, {"ycy", {0x44B, 0, 0}}, {"yen", {0xA5, 0, 0}},
    {"yfr", {0x1D536, 0, 0}}, {"yicy", {0x457, 0, 0}}, {"yopf", {0x1D56A, 0, 0}}, {"yscr", {0x1D4CE, 0, 0}},
    {"yucy", {0x44E, 0, 0}}, {"yuml", {0xFF, 0, 0}}, {"zacute", {0x17A, 0, 0}}, {"zcaron", {0x17E, 0, 0}},
    {"zcy", {0x437, 0, 0}}, {"zdot", {0x17C, 0, 0}}, {"zeetrf", {0x2128, 0, 0}}, {"zeta", {0x3B6, 0, 0}},
    {"zfr", {0x1D537, 0, 0}}, {"zhcy", {0x436, 0, 0}}, {"zigrarr", {0x21DD, 0, 0}}, {"zopf", {0x1D56B, 0, 0}},
    {"zscr", {0x1D4CF, 0, 0}}, {"zwj", {0x200D, 0, 0}}, {"zwnj", {0x200C, 0, 0}},
}};
constexpr std::array<char32_t, 32> kC1AsWindows1252{{
    0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D,
    0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D,
    0x17E, 0x178,
}};
constexpr std::array<CodePointMap, 226> kWidthMap{{
    {0x3000, {0x20, 0, 0}}, {0xFF01, {0x21, 0, 0}}, {0xFF02, {0x22, 0, 0}}, {0xFF03, {0x23, 0, 0}},
    {0xFF04, {0x24, 0, 0}}, {0xFF05, {0x25, 0, 0}}, {0xFF06, {0x26, 0, 0}}, {0xFF07, {0x27, 0, 0}},
    {0xFF08, {0x28, 0, 0}}, {0xFF09, {0x29, 0, 0}}, {0xFF0A, {0x2A, 0, 0}}, {0xFF0B, {0x2B, 0, 0}},
    {0xFF0C, {0x2C, 0, 0}}, {0xFF0D, {0x2D, 0, 0}}, {0xFF0E, {0x2E, 0, 0}}, {0xFF0F, {0x2F, 0, 0}},
    {0xFF10, {0x30, 0, 0}}, {0xFF11, {0x31, 0, 0}}, {0xFF12, {0x32, 0, 0}}, {0xFF13, {0x33, 0, 0}},
    {0xFF14, {0x34, 0, 0}}, {0xFF15, {0x35, 0, 0}}, {0xFF16, {0x36, 0, 0}}, {0xFF17, {0x37, 0, 0}},
    {0xFF18, {0x38, 0, 0}}, {0xFF19, {0x39, 0, 0}}, {0xFF1A, {0x3A, 0, 0}}, {0xFF1B, {0x3B, 0, 0}},
    {0xFF1C, {0x3C, 0, 0}}, {0xFF1D, {0x3D, 0, 0}}, {0xFF1E, {0x3E, 0, 0}}, {0xFF1F, {0x3F, 0, 0}},
    {0xFF20, {0x40, 0, 0}}, {0xFF21, {0x41, 0, 0}}, {0xFF22, {0x42, 0, 0}}, {0xFF23, {0x43, 0, 0}},
    {0xFF24, {0x44, 0, 0}}, {0xFF25, {0x45, 0, 0}}, {0xFF26, {0x46, 0, 0}}, {0xFF27, {0x47, 0, 0}},
    {0xFF28, {0x48, 0, 0}}, {0xFF29, {0x49, 0, 0}}, {0xFF2A, {0x4A, 0, 0}}, {0xFF2B, {0x4B, 0, 0}},
    {0xFF2C, {0x4C, 0, 0}}, {0xFF2D, {0x4D, 0, 0}}, {0xFF2E, {0x4E, 0, 0}}, {0xFF2F, {0x4F, 0, 0}},
    {0xFF30, {0x50, 0, 0}}, {0xFF31, {0x51, 0, 0}}, {0xFF32, {0x52, 0, 0}}, {0xFF33, {0x53, 0, 0}},
    {0xFF34, {0x54, 0, 0}}, {0xFF35, {0x55, 0, 0}}, {0xFF36, {0x56, 0, 0}}, {0xFF37, {0x57, 0, 0}},
    {0xFF38, {0x58, 0, 0}}, {0xFF39, {0x59, 0, 0}}, {0xFF3A, {0x5A, 0, 0}}, {0xFF3B, {0x5B, 0, 0}},
    {0xFF3C, {0x5C, 0, 0}}, {0xFF3D, {0x5D, 0, 0}}, {0xFF3E, {0x5E, 0, 0}}, {0xFF3F, {0x5F, 0, 0}},
    {0xFF40, {0x60, 0, 0}}, {0xFF41, {0x61, 0, 0}}, {0xFF42, {0x62, 0, 0}}, {0xFF43, {0x63, 0, 0}},
    {0xFF44, {0x64, 0, 0}}, {0xFF45, {0x65, 0, 0}}, {0xFF46, {0x66, 0, 0}}, {0xFF47, {0x67, 0, 0}},
    {0xFF48, {0x68, 0, 0}}, {0xFF49, {0x69, 0, 0}}, {0xFF4A, {0x6A, 0, 0}}, {0xFF4B, {0x6B, 0, 0}},
    {0xFF4C, {0x6C, 0, 0}}, {0xFF4D, {0x6D, 0, 0}}, {0xFF4E, {0x6E, 0, 0}}, {0xFF4F, {0x6F, 0, 0}},
    {0xFF50, {0x70, 0, 0}}, {0xFF51, {0x71, 0, 0}}, {0xFF52, {0x72, 0, 0}}, {0xFF53, {0x73, 0, 0}},
    {0xFF54, {0x74, 0, 0}}, {0xFF55, {0x75, 0, 0}}, {0xFF56, {0x76, 0, 0}}, {0xFF57, {0x77, 0, 0}},
    {0xFF58, {0x78, 0, 0}}, {0xFF59, {0x79, 0, 0}}, {0xFF5A, {0x7A, 0, 0}}, {0xFF5B, {0x7B, 0, 0}},
    {0xFF5C, {0x7C, 0, 0}}, {0xFF5D, {0x7D, 0, 0}}, {0xFF5E, {0x7E, 0, 0}}, {0xFF5F, {0x2985, 0, 0}},
    {0xFF60, {0x2986, 0, 0}}, {0xFF61, {0x3002, 0, 0}}, {0xFF62, {0x300C, 0, 0}}, {0xFF63, {0x300D, 0, 0}},
    {0xFF64, {0x3001, 0, 0}}, {0xFF65, {0x30FB, 0, 0}}, {0xFF66, {0x30F2, 0, 0}}, {0xFF67, {0x30A1, 0, 0}},
    {0xFF68, {0x30A3, 0, 0}}, {0xFF69, {0x30A5, 0, 0}}, {0xFF6A, {0x30A7, 0, 0}}, {0xFF6B, {0x30A9, 0, 0}},
    {0xFF6C, {0x30E3, 0, 0}}, {0xFF6D, {0x30E5, 0, 0}}, {0xFF6E, {0x30E7, 0, 0}}, {0xFF6F, {0x30C3, 0, 0}},
    {0xFF70, {0x30FC, 0, 0}}, {0xFF71, {0x30A2, 0, 0}}, {0xFF72, {0x30A4, 0, 0}}, {0xFF73, {0x30A6, 0, 0}},
    {0xFF74, {0x30A8, 0, 0}}, {0xFF75, {0x30AA, 0, 0}}, {0xFF76, {0x30AB, 0, 0}}, {0xFF77, {0x30AD, 0, 0}},
    {0xFF78, {0x30AF, 0, 0}}, {0xFF79, {0x30B1, 0, 0}}, {0xFF7A, {0x30B3, 0, 0}}, {0xFF7B, {0x30B5, 0, 0}},
    {0xFF7C, {0x30B7, 0, 0}}, {0xFF7D, {0x30B9, 0, 0}}, {0xFF7E, {0x30BB, 0, 0}}, {0xFF7F, {0x30BD, 0, 0}},
    {0xFF80, {0x30BF, 0, 0}}, {0xFF81, {0x30C1, 0, 0}}, {0xFF82, {0x30C4, 0, 0}}, {0xFF83, {0x30C6, 0, 0}},
    {0xFF84, {0x30C8, 0, 0}}, {0xFF85, {0x30CA, 0, 0}}, {0xFF86, {0x30CB, 0, 0}}, {0xFF87, {0x30CC, 0, 0}},
    {0xFF88, {0x30CD, 0, 0}}, {0xFF89, {0x30CE, 0, 0}}, {0xFF8A, {0x30CF, 0, 0}}, {0xFF8B, {0x30D2, 0, 0}},
    {0xFF8C, {0x30D5, 0, 0}}, {0xFF8D, {0x30D8, 0, 0}}, {0xFF8E, {0x30DB, 0, 0}}, {0xFF8F, {0x30DE, 0, 0}},
    {0xFF90, {0x30DF, 0, 0}}, {0xFF91, {0x30E0, 0, 0}}, {0xFF92, {0x30E1, 0, 0}}, {0xFF93, {0x30E2, 0, 0}},
    {0xFF94, {0x30E4, 0, 0}}, {0xFF95, {0x30E6, 0, 0}}, {0xFF96, {0x30E8, 0, 0}}, {0xFF97, {0x30E9, 0, 0}},
    {0xFF98, {0x30EA, 0, 0}}, {0xFF99, {0x30EB, 0, 0}}, {0xFF9A, {0x30EC, 0, 0}}, {0xFF9B, {0x30ED, 0, 0}},
    {0xFF9C, {0x30EF, 0, 0}}, {0xFF9D, {0x30F3, 0, 0}}, {0xFF9E, {0x3099, 0, 0}}, {0xFF9F, {0x309A, 0, 0}},
    {0xFFA0, {0x1160, 0, 0}}, {0xFFA1, {0x1100, 0, 0}}, {0xFFA2, {0x1101, 0, 0}}, {0xFFA3, {0x11AA, 0, 0}},
    {0xFFA4, {0x1102, 0, 0}}, {0xFFA5, {0x11AC, 0, 0}}, {0xFFA6, {0x11AD, 0, 0}}, {0xFFA7, {0x1103, 0, 0}},
    {0xFFA8, {0x1104, 0, 0}}, {0xFFA9, {0x1105, 0, 0}}, {0xFFAA, {0x11B0, 0, 0}}, {0xFFAB, {0x11B1, 0, 0}},
    {0xFFAC, {0x11B2, 0, 0}}, {0xFFAD, {0x11B3, 0, 0}}, {0xFFAE, {0x11B4, 0, 0}}, {0xFFAF, {0x11B5, 0, 0}},
    {0xFFB0, {0x111A, 0, 0}}, {0xFFB1, {0x1106, 0, 0}}, {0xFFB2, {0x1107, 0, 0}}, {0xFFB3, {0x1108, 0, 0}},
    {0xFFB4, {0x1121, 0, 0}}, {0xFFB5, {0x1109, 0, 0}}, {0xFFB6, {0x110A, 0, 0}}, {0xFFB7, {0x110B, 0, 0}},
    {0xFFB8, {0x110C, 0, 0}}, {0xFFB9, {0x110D, 0, 0}}, {0xFFBA, {0x110E, 0, 0}}, {0xFFBB, {0x110F, 0, 0}},
    {0xFFBC, {0x1110, 0, 0}}, {0xFFBD, {0x1111, 0, 0}}, {0xFFBE, {0x1112, 0, 0}}, {0xFFC2, {0x1161, 0, 0}},
    {0xFFC3, {0x1162, 0, 0}}, {0xFFC4, {0x1163, 0, 0}}, {0xFFC5, {0x1164, 0, 0}}, {0xFFC6, {0x1165, 0, 0}},
    {0xFFC7, {0x1166, 0, 0}}, {0xFFCA, {0x1167, 0, 0}}, {0xFFCB, {0x1168, 0, 0}}, {0xFFCC, {0x1169, 0, 0}},
    {0xFFCD, {0x116A, 0, 0}}, {0xFFCE, {0x116B, 0, 0}}, {0xFFCF, {0x116C, 0, 0}}, {0xFFD2, {0x116D, 0, 0}},
    {0xFFD3, {0x116E, 0, 0}}, {0xFFD4, {0x116F, 0, 0}}, {0xFFD5, {0x1170, 0, 0}}, {0xFFD6, {0x1171, 0, 0}},
    {0xFFD7, {0x1172, 0, 0}}, {0xFFDA, {0x1173, 0, 0}}, {0xFFDB, {0x1174, 0, 0}}, {0xFFDC, {0x1175, 0, 0}},
    {0xFFE0, {0xA2, 0, 0}}, {0xFFE1, {0xA3, 0, 0}}, {0xFFE2, {0xAC, 0, 0}}, {0xFFE3, {0x20, 0x304, 0}},
    {0xFFE4, {0xA6, 0, 0}}, {0xFFE5, {0xA5, 0, 0}}, {0xFFE6, {0x20A9, 0, 0}}, {0xFFE8, {0x2502, 0, 0}},
    {0xFFE9, {0x2190, 0, 0}}, {0xFFEA, {0x2191, 0, 0}}, {0xFFEB, {0x2192, 0, 0}}, {0xFFEC, {0x2193, 0, 0}},
    {0xFFED, {0x25A0, 0, 0}}, {0xFFEE, {0x25CB, 0, 0}},
}};
constexpr std::array<SingleMap, 1035> kNfcSingles{{
    {0x340, 0x300}, {0x341, 0x301}, {0x343, 0x313}, {0x374, 0x2B9}, {0x37E, 0x3B}, {0x387, 0xB7}, {0x1F71, 0x3AC},
    {0x1F73, 0x3AD}, {0x1F75, 0x3AE}, {0x1F77, 0x3AF}, {0x1F79, 0x3CC}, {0x1F7B, 0x3CD}, {0x1F7D, 0x3CE},
    {0x1FBB, 0x386}, {0x1FBE, 0x3B9}, {0x1FC9, 0x388}, {0x1FCB, 0x389}, {0x1FD3, 0x390}, {0x1FDB, 0x38A},
    {0x1FE3, 0x3B0}, {0x1FEB, 0x38E}, {0x1FEE, 0x385}, {0x1FEF, 0x60}, {0x1FF9, 0x38C}, {0x1FFB, 0x38F},
    {0x1FFD, 0xB4}, {0x2000, 0x2002}, {0x2001, 0x2003}, {0x2126, 0x3A9}, {0x212A, 0x4B}, {0x212B, 0xC5},
    {0x2329, 0x3008}, {0x232A, 0x3009}, {0xF900, 0x8C48}, {0xF901, 0x66F4}, {0xF902, 0x8ECA}, {0xF903, 0x8CC8},
    {0xF904, 0x6ED1}, {0xF905, 0x4E32}, {0xF906, 0x53E5}, {0xF907, 0x9F9C}, {0xF908, 0x9F9C}, {0xF909, 0x5951},
    {0xF90A, 0x91D1}, {0xF90B, 0x5587}, {0xF90C, 0x5948}, {0xF90D, 0x61F6}, {0xF90E, 0x7669}, {0xF90F, 0x7F85},
    {0xF910, 0x863F}, {0xF911, 0x87BA}, {0xF912, 0x88F8}, {0xF913, 0x908F}, {0xF914, 0x6A02}, {0xF915, 0x6D1B},
    {0xF916, 0x70D9}, {0xF917, 0x73DE}, {0xF918, 0x843D}, {0xF919, 0x916A}, {0xF91A, 0x99F1}, {0xF91B, 0x4E82},
    {0xF91C, 0x5375}, {0xF91D, 0x6B04}, {0xF91E, 0x721B}, {0xF91F, 0x862D}, {0xF920, 0x9E1E}, {0xF921, 0x5D50},
    {0xF922, 0x6FEB}, {0xF923, 0x85CD}, {0xF924, 0x8964}, {0xF925, 0x62C9}, {0xF926, 0x81D8}, {0xF927, 0x881F},
    {0xF928, 0x5ECA}, {0xF929, 0x6717}, {0xF92A, 0x6D6A}, {0xF92B, 0x72FC}, {0xF92C, 0x90CE}, {0xF92D, 0x4F86},
    {0xF92E, 0x51B7}, {0xF92F, 0x52DE}, {0xF930, 0x64C4}, {0xF931, 0x6AD3}, {0xF932, 0x7210}, {0xF933, 0x76E7},
    {0xF934, 0x8001}, {0xF935, 0x8606}, {0xF936, 0x865C}, {0xF937, 0x8DEF}, {0xF938, 0x9732}, {0xF939, 0x9B6F},
    {0xF93A, 0x9DFA}, {0xF93B, 0x788C}, {0xF93C, 0x797F}, {0xF93D, 0x7DA0}, {0xF93E, 0x83C9}, {0xF93F, 0x9304},
    {0xF940, 0x9E7F}, {0xF941, 0x8AD6}, {0xF942, 0x58DF}, {0xF943, 0x5F04}, {0xF944, 0x7C60}, {0xF945, 0x807E},
    {0xF946, 0x7262}, {0xF947, 0x78CA}, {0xF948, 0x8CC2}, {0xF949, 0x96F7}, {0xF94A, 0x58D8}, {0xF94B, 0x5C62},
    {0xF94C, 0x6A13}, {0xF94D, 0x6DDA}, {0xF94E, 0x6F0F}, {0xF94F, 0x7D2F}, {0xF950, 0x7E37}, {0xF951, 0x964B},
    {0xF952, 0x52D2}, {0xF953, 0x808B}, {0xF954, 0x51DC}, {0xF955, 0x51CC}, {0xF956, 0x7A1C}, {0xF957, 0x7DBE},
    {0xF958, 0x83F1}, {0xF959, 0x9675}, {0xF95A, 0x8B80}, {0xF95B, 0x62CF}, {0xF95C, 0x6A02}, {0xF95D, 0x8AFE},
    {0xF95E, 0x4E39}, {0xF95F, 0x5BE7}, {0xF960, 0x6012}, {0xF961, 0x7387}, {0xF962, 0x7570}, {0xF963, 0x5317},
    {0xF964, 0x78FB}, {0xF965, 0x4FBF}, {0xF966, 0x5FA9}, {0xF967, 0x4E0D}, {0xF968, 0x6CCC}, {0xF969, 0x6578},
    {0xF96A, 0x7D22}, {0xF96B, 0x53C3}, {0xF96C, 0x585E}, {0xF96D, 0x7701}, {0xF96E, 0x8449}, {0xF96F, 0x8AAA},
    {0xF970, 0x6BBA}, {0xF971, 0x8FB0}, {0xF972, 0x6C88}, {0xF973, 0x62FE}, {0xF974, 0x82E5}, {0xF975, 0x63A0},
    {0xF976, 0x7565}, {0xF977, 0x4EAE}, {0xF978, 0x5169}, {0xF979, 0x51C9}, {0xF97A, 0x6881}, {0xF97B, 0x7CE7},
    {0xF97C, 0x826F}, {0xF97D, 0x8AD2}, {0xF97E, 0x91CF}, {0xF97F, 0x52F5}, {0xF980, 0x5442}, {0xF981, 0x5973},
    {0xF982, 0x5EEC}, {0xF983, 0x65C5}, {0xF984, 0x6FFE}, {0xF985, 0x792A}, {0xF986, 0x95AD}, {0xF987, 0x9A6A},
    {0xF988, 0x9E97}, {0xF989, 0x9ECE}, {0xF98A, 0x529B}, {0xF98B, 0x66C6}, {0xF98C, 0x6B77}, {0xF98D, 0x8F62},
    {0xF98E, 0x5E74}, {0xF98F, 0x6190}, {0xF990, 0x6200}, {0xF991, 0x649A}, {0xF992, 0x6F23}, {0xF993, 0x7149},
    {0xF994, 0x7489}, {0xF995, 0x79CA}, {0xF996, 0x7DF4}, {0xF997, 0x806F}, {0xF998, 0x8F26}, {0xF999, 0x84EE},
    {0xF99A, 0x9023}, {0xF99B, 0x934A}, {0xF99C, 0x5217}, {0xF99D, 0x52A3}, {0xF99E, 0x54BD}, {0xF99F, 0x70C8},
    {0xF9A0, 0x88C2}, {0xF9A1, 0x8AAA}, {0xF9A2, 0x5EC9}, {0xF9A3, 0x5FF5}, {0xF9A4, 0x637B}, {0xF9A5, 0x6BAE},
    {0xF9A6, 0x7C3E}, {0xF9A7, 0x7375}, {0xF9A8, 0x4EE4}, {0xF9A9, 0x56F9}, {0xF9AA, 0x5BE7}, {0xF9AB, 0x5DBA},
    {0xF9AC, 0x601C}, {0xF9AD, 0x73B2}, {0xF9AE, 0x7469}, {0xF9AF, 0x7F9A}, {0xF9B0, 0x8046}, {0xF9B1, 0x9234},
    {0xF9B2, 0x96F6}, {0xF9B3, 0x9748}, {0xF9B4, 0x9818}, {0xF9B5, 0x4F8B}, {0xF9B6, 0x79AE}, {0xF9B7, 0x91B4},
    {0xF9B8, 0x96B8}, {0xF9B9, 0x60E1}, {0xF9BA, 0x4E86}, {0xF9BB, 0x50DA}, {0xF9BC, 0x5BEE}, {0xF9BD, 0x5C3F},
    {0xF9BE, 0x6599}, {0xF9BF, 0x6A02}, {0xF9C0, 0x71CE}, {0xF9C1, 0x7642}, {0xF9C2, 0x84FC}, {0xF9C3, 0x907C},
    {0xF9C4, 0x9F8D}, {0xF9C5, 0x6688}, {0xF9C6, 0x962E}, {0xF9C7, 0x5289}, {0xF9C8, 0x677B}, {0xF9C9, 0x67F3},
    {0xF9CA, 0x6D41}, {0xF9CB, 0x6E9C}, {0xF9CC, 0x7409}, {0xF9CD, 0x7559}, {0xF9CE, 0x786B}, {0xF9CF, 0x7D10},
    {0xF9D0, 0x985E}, {0xF9D1, 0x516D}, {0xF9D2, 0x622E}, {0xF9D3, 0x9678}, {0xF9D4, 0x502B}, {0xF9D5, 0x5D19},
    {0xF9D6, 0x6DEA}, {0xF9D7, 0x8F2A}, {0xF9D8, 0x5F8B}, {0xF9D9, 0x6144}, {0xF9DA, 0x6817}, {0xF9DB, 0x7387},
    {0xF9DC, 0x9686}, {0xF9DD, 0x5229}, {0xF9DE, 0x540F}, {0xF9DF, 0x5C65}, {0xF9E0, 0x6613}, {0xF9E1, 0x674E},
    {0xF9E2, 0x68A8}, {0xF9E3, 0x6CE5}, {0xF9E4, 0x7406}, {0xF9E5, 0x75E2}, {0xF9E6, 0x7F79}, {0xF9E7, 0x88CF},
    {0xF9E8, 0x88E1}, {0xF9E9, 0x91CC}, {0xF9EA, 0x96E2}, {0xF9EB, 0x533F}, {0xF9EC, 0x6EBA}, {0xF9ED, 0x541D},
    {0xF9EE, 0x71D0}, {0xF9EF, 0x7498}, {0xF9F0, 0x85FA}, {0xF9F1, 0x96A3}, {0xF9F2, 0x9C57}, {0xF9F3, 0x9E9F},
    {0xF9F4, 0x6797}, {0xF9F5, 0x6DCB}, {0xF9F6, 0x81E8}, {0xF9F7, 0x7ACB}, {0xF9F8, 0x7B20}, {0xF9F9, 0x7C92},
    {0xF9FA, 0x72C0}, {0xF9FB, 0x7099}, {0xF9FC, 0x8B58}, {0xF9FD, 0x4EC0}, {0xF9FE, 0x8336}, {0xF9FF, 0x523A},
    {0xFA00, 0x5207}, {0xFA01, 0x5EA6}, {0xFA02, 0x62D3}, {0xFA03, 0x7CD6}, {0xFA04, 0x5B85}, {0xFA05, 0x6D1E},
    {0xFA06, 0x66B4}, {0xFA07, 0x8F3B}, {0xFA08, 0x884C}, {0xFA09, 0x964D}, {0xFA0A, 0x898B}, {0xFA0B, 0x5ED3},
    {0xFA0C, 0x5140}, {0xFA0D, 0x55C0}, {0xFA10, 0x585A}, {0xFA12, 0x6674}, {0xFA15, 0x51DE}, {0xFA16, 0x732A},
    {0xFA17, 0x76CA}, {0xFA18, 0x793C}, {0xFA19, 0x795E}, {0xFA1A, 0x7965}, {0xFA1B, 0x798F}, {0xFA1C, 0x9756},
    {0xFA1D, 0x7CBE}, {0xFA1E, 0x7FBD}, {0xFA20, 0x8612}, {0xFA22, 0x8AF8}, {0xFA25, 0x9038}, {0xFA26, 0x90FD},
    {0xFA2A, 0x98EF}, {0xFA2B, 0x98FC}, {0xFA2C, 0x9928}, {0xFA2D, 0x9DB4}, {0xFA2E, 0x90DE}, {0xFA2F, 0x96B7},
    {0xFA30, 0x4FAE}, {0xFA31, 0x50E7}, {0xFA32, 0x514D}, {0xFA33, 0x52C9}, {0xFA34, 0x52E4}, {0xFA35, 0x5351},
    {0xFA36, 0x559D}, {0xFA37, 0x5606}, {0xFA38, 0x5668}, {0xFA39, 0x5840}, {0xFA3A, 0x58A8}, {0xFA3B, 0x5C64},
    {0xFA3C, 0x5C6E}, {0xFA3D, 0x6094}, {0xFA3E, 0x6168}, {0xFA3F, 0x618E}, {0xFA40, 0x61F2}, {0xFA41, 0x654F},
    {0xFA42, 0x65E2}, {0xFA43, 0x6691}, {0xFA44, 0x6885}, {0xFA45, 0x6D77}, {0xFA46, 0x6E1A}, {0xFA47, 0x6F22},
    {0xFA48, 0x716E}, {0xFA49, 0x722B}, {0xFA4A, 0x7422}, {0xFA4B, 0x7891}, {0xFA4C, 0x793E}, {0xFA4D, 0x7949},
    {0xFA4E, 0x7948}, {0xFA4F, 0x7950}, {0xFA50, 0x7956}, {0xFA51, 0x795D}, {0xFA52, 0x798D}, {0xFA53, 0x798E},
    {0xFA54, 0x7A40}, {0xFA55, 0x7A81}, {0xFA56, 0x7BC0}, {0xFA57, 0x7DF4}, {0xFA58, 0x7E09}, {0xFA59, 0x7E41},
    {0xFA5A, 0x7F72}, {0xFA5B, 0x8005}, {0xFA5C, 0x81ED}, {0xFA5D, 0x8279}, {0xFA5E, 0x8279}, {0xFA5F, 0x8457},
    {0xFA60, 0x8910}, {0xFA61, 0x8996}, {0xFA62, 0x8B01}, {0xFA63, 0x8B39}, {0xFA64, 0x8CD3}, {0xFA65, 0x8D08},
    {0xFA66, 0x8FB6}, {0xFA67, 0x9038}, {0xFA68, 0x96E3}, {0xFA69, 0x97FF}, {0xFA6A, 0x983B}, {0xFA6B, 0x6075},
    {0xFA6C, 0x242EE}, {0xFA6D, 0x8218}, {0xFA70, 0x4E26}, {0xFA71, 0x51B5}, {0xFA72, 0x5168}, {0xFA73, 0x4F80},
    {0xFA74, 0x5145}, {0xFA75, 0x5180}, {0xFA76, 0x52C7}, {0xFA77, 0x52FA}, {0xFA78, 0x559D}, {0xFA79, 0x5555},
    {0xFA7A, 0x5599}, {0xFA7B, 0x55E2}, {0xFA7C, 0x585A}, {0xFA7D, 0x58B3}, {0xFA7E, 0x5944}, {0xFA7F, 0x5954},
    {0xFA80, 0x5A62}, {0xFA81, 0x5B28}, {0xFA82, 0x5ED2}, {0xFA83, 0x5ED9}, {0xFA84, 0x5F69}, {0xFA85, 0x5FAD},
    {0xFA86, 0x60D8}, {0xFA87, 0x614E}, {0xFA88, 0x6108}, {0xFA89, 0x618E}, {0xFA8A, 0x6160}, {0xFA8B, 0x61F2},
    {0xFA8C, 0x6234}, {0xFA8D, 0x63C4}, {0xFA8E, 0x641C}, {0xFA8F, 0x6452}, {0xFA90, 0x6556}, {0xFA91, 0x6674},
    {0xFA92, 0x6717}, {0xFA93, 0x671B}, {0xFA94, 0x6756}, {0xFA95, 0x6B79}, {0xFA96, 0x6BBA}, {0xFA97, 0x6D41},
    {0xFA98, 0x6EDB}, {0xFA99, 0x6ECB}, {0xFA9A, 0x6F22}, {0xFA9B, 0x701E}, {0xFA9C, 0x716E}, {0xFA9D, 0x77A7},
    {0xFA9E, 0x7235}, {0xFA9F, 0x72AF}, {0xFAA0, 0x732A}, {0xFAA1, 0x7471}, {0xFAA2, 0x7506}, {0xFAA3, 0x753B},
    {0xFAA4, 0x761D}, {0xFAA5, 0x761F}, {0xFAA6, 0x76CA}, {0xFAA7, 0x76DB}, {0xFAA8, 0x76F4}, {0xFAA9, 0x774A},
    {0xFAAA, 0x7740}, {0xFAAB, 0x78CC}, {0xFAAC, 0x7AB1}, {0xFAAD, 0x7BC0}, {0xFAAE, 0x7C7B}, {0xFAAF, 0x7D5B},
    {0xFAB0, 0x7DF4}, {0xFAB1, 0x7F3E}, {0xFAB2, 0x8005}, {0xFAB3, 0x8352}, {0xFAB4, 0x83EF}, {0xFAB5, 0x8779},
    {0xFAB6, 0x8941}, {0xFAB7, 0x8986}, {0xFAB8, 0x8996}, {0xFAB9, 0x8ABF}, {0xFABA, 0x8AF8}, {0xFABB, 0x8ACB},
    {0xFABC, 0x8B01}, {0xFABD, 0x8AFE}, {0xFABE, 0x8AED}, {0xFABF, 0x8B39}, {0xFAC0, 0x8B8A}, {0xFAC1, 0x8D08},
    {0xFAC2, 0x8F38}, {0xFAC3, 0x9072}, {0xFAC4, 0x9199}, {0xFAC5, 0x9276}, {0xFAC6, 0x967C}, {0xFAC7, 0x96E3},
    {0xFAC8, 0x9756}, {0xFAC9, 0x97DB}, {0xFACA, 0x97FF}, {0xFACB, 0x980B}, {0xFACC, 0x983B}, {0xFACD, 0x9B12},
    {0xFACE, 0x9F9C}, {0xFACF, 0x2284A}, {0xFAD0, 0x22844}, {0xFAD1, 0x233D5}, {0xFAD2, 0x3B9D}, {0xFAD3, 0x4018},
    {0xFAD4, 0x4039}, {0xFAD5, 0x25249}, {0xFAD6, 0x25CD0}, {0xFAD7, 0x27ED3}, {0xFAD8, 0x9F43}, {0xFAD9, 0x9F8E},
    {0x2F800, 0x4E3D}, {0x2F801, 0x4E38}, {0x2F802, 0x4E41}, {0x2F803, 0x20122}, {0x2F804, 0x4F60}, {0x2F805, 0x4FAE},
    {0x2F806, 0x4FBB}, {0x2F807, 0x5002}, {0x2F808, 0x507A}, {0x2F809, 0x5099}, {0x2F80A, 0x50E7}, {0x2F80B, 0x50CF},
    {0x2F80C, 0x349E}, {0x2F80D, 0x2063A}, {0x2F80E, 0x514D}, {0x2F80F, 0x5154}, {0x2F810, 0x5164}, {0x2F811, 0x5177},
    {0x2F812, 0x2051C}, {0x2F813, 0x34B9}, {0x2F814, 0x5167}, {0x2F815, 0x518D}, {0x2F816, 0x2054B},
    {0x2F817, 0x5197}, {0x2F818, 0x51A4}, {0x2F819, 0x4ECC}, {0x2F81A, 0x51AC}, {0x2F81B, 0x51B5}, {0x2F81C, 0x291DF},
    {0x2F81D, 0x51F5}, {0x2F81E, 0x5203}, {0x2F81F, 0x34DF}, {0x2F820, 0x523B}, {0x2F821, 0x5246}, {0x2F822, 0x5272},
    {0x2F823, 0x5277}, {0x2F824, 0x3515}, {0x2F825, 0x52C7}, {0x2F826, 0x52C9}, {0x2F827, 0x52E4}, {0x2F828, 0x52FA},
    {0x2F829, 0x5305}, {0x2F82A, 0x5306}, {0x2F82B, 0x5317}, {0x2F82C, 0x5349}, {0x2F82D, 0x5351}, {0x2F82E, 0x535A},
    {0x2F82F, 0x5373}, {0x2F830, 0x537D}, {0x2F831, 0x537F}, {0x2F832, 0x537F}, {0x2F833, 0x537F}, {0x2F834, 0x20A2C},
    {0x2F835, 0x7070}, {0x2F836, 0x53CA}, {0x2F837, 0x53DF}, {0x2F838, 0x20B63}, {0x2F839, 0x53EB}, {0x2F83A, 0x53F1},
    {0x2F83B, 0x5406}, {0x2F83C, 0x549E}, {0x2F83D, 0x5438}, {0x2F83E, 0x5448}, {0x2F83F, 0x5468}, {0x2F840, 0x54A2},
    {0x2F841, 0x54F6}, {0x2F842, 0x5510}, {0x2F843, 0x5553}, {0x2F844, 0x5563}, {0x2F845, 0x5584}, {0x2F846, 0x5584},
    {0x2F847, 0x5599}, {0x2F848, 0x55AB}, {0x2F849, 0x55B3}, {0x2F84A, 0x55C2}, {0x2F84B, 0x5716}, {0x2F84C, 0x5606},
    {0x2F84D, 0x5717}, {0x2F84E, 0x5651}, {0x2F84F, 0x5674}, {0x2F850, 0x5207}, {0x2F851, 0x58EE}, {0x2F852, 0x57CE},
    {0x2F853, 0x57F4}, {0x2F854, 0x580D}, {0x2F855, 0x578B}, {0x2F856, 0x5832}, {0x2F857, 0x5831}, {0x2F858, 0x58AC},
    {0x2F859, 0x214E4}, {0x2F85A, 0x58F2}, {0x2F85B, 0x58F7}, {0x2F85C, 0x5906}, {0x2F85D, 0x591A}, {0x2F85E, 0x5922},
    {0x2F85F, 0x5962}, {0x2F860, 0x216A8}, {0x2F861, 0x216EA}, {0x2F862, 0x59EC}, {0x2F863, 0x5A1B},
    {0x2F864, 0x5A27}, {0x2F865, 0x59D8}, {0x2F866, 0x5A66}, {0x2F867, 0x36EE}, {0x2F868, 0x36FC}, {0x2F869, 0x5B08},
    {0x2F86A, 0x5B3E}, {0x2F86B, 0x5B3E}, {0x2F86C, 0x219C8}, {0x2F86D, 0x5BC3}, {0x2F86E, 0x5BD8}, {0x2F86F, 0x5BE7},
    {0x2F870, 0x5BF3}, {0x2F871, 0x21B18}, {0x2F872, 0x5BFF}, {0x2F873, 0x5C06}, {0x2F874, 0x5F53}, {0x2F875, 0x5C22},
    {0x2F876, 0x3781}, {0x2F877, 0x5C60}, {0x2F878, 0x5C6E}, {0x2F879, 0x5CC0}, {0x2F87A, 0x5C8D}, {0x2F87B, 0x21DE4},
    {0x2F87C, 0x5D43}, {0x2F87D, 0x21DE6}, {0x2F87E, 0x5D6E}, {0x2F87F, 0x5D6B}, {0x2F880, 0x5D7C}, {0x2F881, 0x5DE1},
    {0x2F882, 0x5DE2}, {0x2F883, 0x382F}, {0x2F884, 0x5DFD}, {0x2F885, 0x5E28}, {0x2F886, 0x5E3D}, {0x2F887, 0x5E69},
    {0x2F888, 0x3862}, {0x2F889, 0x22183}, {0x2F88A, 0x387C}, {0x2F88B, 0x5EB0}, {0x2F88C, 0x5EB3}, {0x2F88D, 0x5EB6},
    {0x2F88E, 0x5ECA}, {0x2F88F, 0x2A392}, {0x2F890, 0x5EFE}, {0x2F891, 0x22331}, {0x2F892, 0x22331},
    {0x2F893, 0x8201}, {0x2F894, 0x5F22}, {0x2F895, 0x5F22}, {0x2F896, 0x38C7}, {0x2F897, 0x232B8},
    {0x2F898, 0x261DA}, {0x2F899, 0x5F62}, {0x2F89A, 0x5F6B}, {0x2F89B, 0x38E3}, {0x2F89C, 0x5F9A}, {0x2F89D, 0x5FCD},
    {0x2F89E, 0x5FD7}, {0x2F89F, 0x5FF9}, {0x2F8A0, 0x6081}, {0x2F8A1, 0x393A}, {0x2F8A2, 0x391C}, {0x2F8A3, 0x6094},
    {0x2F8A4, 0x226D4}, {0x2F8A5, 0x60C7}, {0x2F8A6, 0x6148}, {0x2F8A7, 0x614C}, {0x2F8A8, 0x614E}, {0x2F8A9, 0x614C},
    {0x2F8AA, 0x617A}, {0x2F8AB, 0x618E}, {0x2F8AC, 0x61B2}, {0x2F8AD, 0x61A4}, {0x2F8AE, 0x61AF}, {0x2F8AF, 0x61DE},
    {0x2F8B0, 0x61F2}, {0x2F8B1, 0x61F6}, {0x2F8B2, 0x6210}, {0x2F8B3, 0x621B}, {0x2F8B4, 0x625D}, {0x2F8B5, 0x62B1},
    {0x2F8B6, 0x62D4}, {0x2F8B7, 0x6350}, {0x2F8B8, 0x22B0C}, {0x2F8B9, 0x633D}, {0x2F8BA, 0x62FC}, {0x2F8BB, 0x6368},
    {0x2F8BC, 0x6383}, {0x2F8BD, 0x63E4}, {0x2F8BE, 0x22BF1}, {0x2F8BF, 0x6422}, {0x2F8C0, 0x63C5}, {0x2F8C1, 0x63A9},
    {0x2F8C2, 0x3A2E}, {0x2F8C3, 0x6469}, {0x2F8C4, 0x647E}, {0x2F8C5, 0x649D}, {0x2F8C6, 0x6477}, {0x2F8C7, 0x3A6C},
    {0x2F8C8, 0x654F}, {0x2F8C9, 0x656C}, {0x2F8CA, 0x2300A}, {0x2F8CB, 0x65E3}, {0x2F8CC, 0x66F8}, {0x2F8CD, 0x6649},
    {0x2F8CE, 0x3B19}, {0x2F8CF, 0x6691}, {0x2F8D0, 0x3B08}, {0x2F8D1, 0x3AE4}, {0x2F8D2, 0x5192}, {0x2F8D3, 0x5195},
    {0x2F8D4, 0x6700}, {0x2F8D5, 0x669C}, {0x2F8D6, 0x80AD}, {0x2F8D7, 0x43D9}, {0x2F8D8, 0x6717}, {0x2F8D9, 0x671B},
    {0x2F8DA, 0x6721}, {0x2F8DB, 0x675E}, {0x2F8DC, 0x6753}, {0x2F8DD, 0x233C3}, {0x2F8DE, 0x3B49}, {0x2F8DF, 0x67FA},
    {0x2F8E0, 0x6785}, {0x2F8E1, 0x6852}, {0x2F8E2, 0x6885}, {0x2F8E3, 0x2346D}, {0x2F8E4, 0x688E}, {0x2F8E5, 0x681F},
    {0x2F8E6, 0x6914}, {0x2F8E7, 0x3B9D}, {0x2F8E8, 0x6942}, {0x2F8E9, 0x69A3}, {0x2F8EA, 0x69EA}, {0x2F8EB, 0x6AA8},
    {0x2F8EC, 0x236A3}, {0x2F8ED, 0x6ADB}, {0x2F8EE, 0x3C18}, {0x2F8EF, 0x6B21}, {0x2F8F0, 0x238A7},
    {0x2F8F1, 0x6B54}, {0x2F8F2, 0x3C4E}, {0x2F8F3, 0x6B72}, {0x2F8F4, 0x6B9F}, {0x2F8F5, 0x6BBA}, {0x2F8F6, 0x6BBB},
    {0x2F8F7, 0x23A8D}, {0x2F8F8, 0x21D0B}, {0x2F8F9, 0x23AFA}, {0x2F8FA, 0x6C4E}, {0x2F8FB, 0x23CBC},
    {0x2F8FC, 0x6CBF}, {0x2F8FD, 0x6CCD}, {0x2F8FE, 0x6C67}, {0x2F8FF, 0x6D16}, {0x2F900, 0x6D3E}, {0x2F901, 0x6D77},
    {0x2F902, 0x6D41}, {0x2F903, 0x6D69}, {0x2F904, 0x6D78}, {0x2F905, 0x6D85}, {0x2F906, 0x23D1E}, {0x2F907, 0x6D34},
    {0x2F908, 0x6E2F}, {0x2F909, 0x6E6E}, {0x2F90A, 0x3D33}, {0x2F90B, 0x6ECB}, {0x2F90C, 0x6EC7}, {0x2F90D, 0x23ED1},
    {0x2F90E, 0x6DF9}, {0x2F90F, 0x6F6E}, {0x2F910, 0x23F5E}, {0x2F911, 0x23F8E}, {0x2F912, 0x6FC6},
    {0x2F913, 0x7039}, {0x2F914, 0x701E}, {0x2F915, 0x701B}, {0x2F916, 0x3D96}, {0x2F917, 0x704A}, {0x2F918, 0x707D},
    {0x2F919, 0x7077}, {0x2F91A, 0x70AD}, {0x2F91B, 0x20525}, {0x2F91C, 0x7145}, {0x2F91D, 0x24263},
    {0x2F91E, 0x719C}, {0x2F91F, 0x243AB}, {0x2F920, 0x7228}, {0x2F921, 0x7235}, {0x2F922, 0x7250},
    {0x2F923, 0x24608}, {0x2F924, 0x7280}, {0x2F925, 0x7295}, {0x2F926, 0x24735}, {0x2F927, 0x24814},
    {0x2F928, 0x737A}, {0x2F929, 0x738B}, {0x2F92A, 0x3EAC}, {0x2F92B, 0x73A5}, {0x2F92C, 0x3EB8}, {0x2F92D, 0x3EB8},
    {0x2F92E, 0x7447}, {0x2F92F, 0x745C}, {0x2F930, 0x7471}, {0x2F931, 0x7485}, {0x2F932, 0x74CA}, {0x2F933, 0x3F1B},
    {0x2F934, 0x7524}, {0x2F935, 0x24C36}, {0x2F936, 0x753E}, {0x2F937, 0x24C92}, {0x2F938, 0x7570},
    {0x2F939, 0x2219F}, {0x2F93A, 0x7610}, {0x2F93B, 0x24FA1}, {0x2F93C, 0x24FB8}, {0x2F93D, 0x25044},
    {0x2F93E, 0x3FFC}, {0x2F93F, 0x4008}, {0x2F940, 0x76F4}, {0x2F941, 0x250F3}, {0x2F942, 0x250F2},
    {0x2F943, 0x25119}, {0x2F944, 0x25133}, {0x2F945, 0x771E}, {0x2F946, 0x771F}, {0x2F947, 0x771F},
    {0x2F948, 0x774A}, {0x2F949, 0x4039}, {0x2F94A, 0x778B}, {0x2F94B, 0x4046}, {0x2F94C, 0x4096}, {0x2F94D, 0x2541D},
    {0x2F94E, 0x784E}, {0x2F94F, 0x788C}, {0x2F950, 0x78CC}, {0x2F951, 0x40E3}, {0x2F952, 0x25626}, {0x2F953, 0x7956},
    {0x2F954, 0x2569A}, {0x2F955, 0x256C5}, {0x2F956, 0x798F}, {0x2F957, 0x79EB}, {0x2F958, 0x412F},
    {0x2F959, 0x7A40}, {0x2F95A, 0x7A4A}, {0x2F95B, 0x7A4F}, {0x2F95C, 0x2597C}, {0x2F95D, 0x25AA7},
    {0x2F95E, 0x25AA7}, {0x2F95F, 0x7AEE}, {0x2F960, 0x4202}, {0x2F961, 0x25BAB}, {0x2F962, 0x7BC6},
    {0x2F963, 0x7BC9}, {0x2F964, 0x4227}, {0x2F965, 0x25C80}, {0x2F966, 0x7CD2}, {0x2F967, 0x42A0}, {0x2F968, 0x7CE8},
    {0x2F969, 0x7CE3}, {0x2F96A, 0x7D00}, {0x2F96B, 0x25F86}, {0x2F96C, 0x7D63}, {0x2F96D, 0x4301}, {0x2F96E, 0x7DC7},
    {0x2F96F, 0x7E02}, {0x2F970, 0x7E45}, {0x2F971, 0x4334}, {0x2F972, 0x26228}, {0x2F973, 0x26247},
    {0x2F974, 0x4359}, {0x2F975, 0x262D9}, {0x2F976, 0x7F7A}, {0x2F977, 0x2633E}, {0x2F978, 0x7F95},
    {0x2F979, 0x7FFA}, {0x2F97A, 0x8005}, {0x2F97B, 0x264DA}, {0x2F97C, 0x26523}, {0x2F97D, 0x8060},
    {0x2F97E, 0x265A8}, {0x2F97F, 0x8070}, {0x2F980, 0x2335F}, {0x2F981, 0x43D5}, {0x2F982, 0x80B2},
    {0x2F983, 0x8103}, {0x2F984, 0x440B}, {0x2F985, 0x813E}, {0x2F986, 0x5AB5}, {0x2F987, 0x267A7},
    {0x2F988, 0x267B5}, {0x2F989, 0x23393}, {0x2F98A, 0x2339C}, {0x2F98B, 0x8201}, {0x2F98C, 0x8204},
    {0x2F98D, 0x8F9E}, {0x2F98E, 0x446B}, {0x2F98F, 0x8291}, {0x2F990, 0x828B}, {0x2F991, 0x829D}, {0x2F992, 0x52B3},
    {0x2F993, 0x82B1}, {0x2F994, 0x82B3}, {0x2F995, 0x82BD}, {0x2F996, 0x82E6}, {0x2F997, 0x26B3C}, {0x2F998, 0x82E5},
    {0x2F999, 0x831D}, {0x2F99A, 0x8363}, {0x2F99B, 0x83AD}, {0x2F99C, 0x8323}, {0x2F99D, 0x83BD}, {0x2F99E, 0x83E7},
    {0x2F99F, 0x8457}, {0x2F9A0, 0x8353}, {0x2F9A1, 0x83CA}, {0x2F9A2, 0x83CC}, {0x2F9A3, 0x83DC}, {0x2F9A4, 0x26C36},
    {0x2F9A5, 0x26D6B}, {0x2F9A6, 0x26CD5}, {0x2F9A7, 0x452B}, {0x2F9A8, 0x84F1}, {0x2F9A9, 0x84F3},
    {0x2F9AA, 0x8516}, {0x2F9AB, 0x273CA}, {0x2F9AC, 0x8564}, {0x2F9AD, 0x26F2C}, {0x2F9AE, 0x455D},
    {0x2F9AF, 0x4561}, {0x2F9B0, 0x26FB1}, {0x2F9B1, 0x270D2}, {0x2F9B2, 0x456B}, {0x2F9B3, 0x8650},
    {0x2F9B4, 0x865C}, {0x2F9B5, 0x8667}, {0x2F9B6, 0x8669}, {0x2F9B7, 0x86A9}, {0x2F9B8, 0x8688}, {0x2F9B9, 0x870E},
    {0x2F9BA, 0x86E2}, {0x2F9BB, 0x8779}, {0x2F9BC, 0x8728}, {0x2F9BD, 0x876B}, {0x2F9BE, 0x8786}, {0x2F9BF, 0x45D7},
    {0x2F9C0, 0x87E1}, {0x2F9C1, 0x8801}, {0x2F9C2, 0x45F9}, {0x2F9C3, 0x8860}, {0x2F9C4, 0x8863}, {0x2F9C5, 0x27667},
    {0x2F9C6, 0x88D7}, {0x2F9C7, 0x88DE}, {0x2F9C8, 0x4635}, {0x2F9C9, 0x88FA}, {0x2F9CA, 0x34BB}, {0x2F9CB, 0x278AE},
    {0x2F9CC, 0x27966}, {0x2F9CD, 0x46BE}, {0x2F9CE, 0x46C7}, {0x2F9CF, 0x8AA0}, {0x2F9D0, 0x8AED}, {0x2F9D1, 0x8B8A},
    {0x2F9D2, 0x8C55}, {0x2F9D3, 0x27CA8}, {0x2F9D4, 0x8CAB}, {0x2F9D5, 0x8CC1}, {0x2F9D6, 0x8D1B}, {0x2F9D7, 0x8D77},
    {0x2F9D8, 0x27F2F}, {0x2F9D9, 0x20804}, {0x2F9DA, 0x8DCB}, {0x2F9DB, 0x8DBC}, {0x2F9DC, 0x8DF0},
    {0x2F9DD, 0x208DE}, {0x2F9DE, 0x8ED4}, {0x2F9DF, 0x8F38}, {0x2F9E0, 0x285D2}, {0x2F9E1, 0x285ED},
    {0x2F9E2, 0x9094}, {0x2F9E3, 0x90F1}, {0x2F9E4, 0x9111}, {0x2F9E5, 0x2872E}, {0x2F9E6, 0x911B}, {0x2F9E7, 0x9238},
    {0x2F9E8, 0x92D7}, {0x2F9E9, 0x92D8}, {0x2F9EA, 0x927C}, {0x2F9EB, 0x93F9}, {0x2F9EC, 0x9415}, {0x2F9ED, 0x28BFA},
    {0x2F9EE, 0x958B}, {0x2F9EF, 0x4995}, {0x2F9F0, 0x95B7}, {0x2F9F1, 0x28D77}, {0x2F9F2, 0x49E6}, {0x2F9F3, 0x96C3},
    {0x2F9F4, 0x5DB2}, {0x2F9F5, 0x9723}, {0x2F9F6, 0x29145}, {0x2F9F7, 0x2921A}, {0x2F9F8, 0x4A6E},
    {0x2F9F9, 0x4A76}, {0x2F9FA, 0x97E0}, {0x2F9FB, 0x2940A}, {0x2F9FC, 0x4AB2}, {0x2F9FD, 0x29496},
    {0x2F9FE, 0x980B}, {0x2F9FF, 0x980B}, {0x2FA00, 0x9829}, {0x2FA01, 0x295B6}, {0x2FA02, 0x98E2}, {0x2FA03, 0x4B33},
    {0x2FA04, 0x9929}, {0x2FA05, 0x99A7}, {0x2FA06, 0x99C2}, {0x2FA07, 0x99FE}, {0x2FA08, 0x4BCE}, {0x2FA09, 0x29B30},
    {0x2FA0A, 0x9B12}, {0x2FA0B, 0x9C40}, {0x2FA0C, 0x9CFD}, {0x2FA0D, 0x4CCE}, {0x2FA0E, 0x4CED}, {0x2FA0F, 0x9D67},
    {0x2FA10, 0x2A0CE}, {0x2FA11, 0x4CF8}, {0x2FA12, 0x2A105}, {0x2FA13, 0x2A20E}, {0x2FA14, 0x2A291},
    {0x2FA15, 0x9EBB}, {0x2FA16, 0x4D56}, {0x2FA17, 0x9EF9}, {0x2FA18, 0x9EFE}, {0x2FA19, 0x9F05}, {0x2FA1A, 0x9F0F},
    {0x2FA1B, 0x9F16}, {0x2FA1C, 0x9F3B}, {0x2FA1D, 0x2A600},
}};
constexpr std::array<CodePointMap, 85> kNfcMultiples{{
    {0x344, {0x308, 0x301, 0}}, {0x958, {0x915, 0x93C, 0}}, {0x959, {0x916, 0x93C, 0}}, {0x95A, {0x917, 0x93C, 0}},
    {0x95B, {0x91C, 0x93C, 0}}, {0x95C, {0x921, 0x93C, 0}}, {0x95D, {0x922, 0x93C, 0}}, {0x95E, {0x92B, 0x93C, 0}},
    {0x95F, {0x92F, 0x93C, 0}}, {0x9DC, {0x9A1, 0x9BC, 0}}, {0x9DD, {0x9A2, 0x9BC, 0}}, {0x9DF, {0x9AF, 0x9BC, 0}},
    {0xA33, {0xA32, 0xA3C, 0}}, {0xA36, {0xA38, 0xA3C, 0}}, {0xA59, {0xA16, 0xA3C, 0}}, {0xA5A, {0xA17, 0xA3C, 0}},
    {0xA5B, {0xA1C, 0xA3C, 0}}, {0xA5E, {0xA2B, 0xA3C, 0}}, {0xB5C, {0xB21, 0xB3C, 0}}, {0xB5D, {0xB22, 0xB3C, 0}},
    {0xF43, {0xF42, 0xFB7, 0}}, {0xF4D, {0xF4C, 0xFB7, 0}}, {0xF52, {0xF51, 0xFB7, 0}}, {0xF57, {0xF56, 0xFB7, 0}},
    {0xF5C, {0xF5B, 0xFB7, 0}}, {0xF69, {0xF40, 0xFB5, 0}}, {0xF73, {0xF71, 0xF72, 0}}, {0xF75, {0xF71, 0xF74, 0}},
    {0xF76, {0xFB2, 0xF80, 0}}, {0xF78, {0xFB3, 0xF80, 0}}, {0xF81, {0xF71, 0xF80, 0}}, {0xF93, {0xF92, 0xFB7, 0}},
    {0xF9D, {0xF9C, 0xFB7, 0}}, {0xFA2, {0xFA1, 0xFB7, 0}}, {0xFA7, {0xFA6, 0xFB7, 0}}, {0xFAC, {0xFAB, 0xFB7, 0}},
    {0xFB9, {0xF90, 0xFB5, 0}}, {0x2ADC, {0x2ADD, 0x338, 0}}, {0xFB1D, {0x5D9, 0x5B4, 0}},
    {0xFB1F, {0x5F2, 0x5B7, 0}}, {0xFB2A, {0x5E9, 0x5C1, 0}}, {0xFB2B, {0x5E9, 0x5C2, 0}},
    {0xFB2C, {0x5E9, 0x5BC, 0x5C1}}, {0xFB2D, {0x5E9, 0x5BC, 0x5C2}}, {0xFB2E, {0x5D0, 0x5B7, 0}},
    {0xFB2F, {0x5D0, 0x5B8, 0}}, {0xFB30, {0x5D0, 0x5BC, 0}}, {0xFB31, {0x5D1, 0x5BC, 0}},
    {0xFB32, {0x5D2, 0x5BC, 0}}, {0xFB33, {0x5D3, 0x5BC, 0}}, {0xFB34, {0x5D4, 0x5BC, 0}},
    {0xFB35, {0x5D5, 0x5BC, 0}}, {0xFB36, {0x5D6, 0x5BC, 0}}, {0xFB38, {0x5D8, 0x5BC, 0}},
    {0xFB39, {0x5D9, 0x5BC, 0}}, {0xFB3A, {0x5DA, 0x5BC, 0}}, {0xFB3B, {0x5DB, 0x5BC, 0}},
    {0xFB3C, {0x5DC, 0x5BC, 0}}, {0xFB3E, {0x5DE, 0x5BC, 0}}, {0xFB40, {0x5E0, 0x5BC, 0}},
    {0xFB41, {0x5E1, 0x5BC, 0}}, {0xFB43, {0x5E3, 0x5BC, 0}}, {0xFB44, {0x5E4, 0x5BC, 0}},
    {0xFB46, {0x5E6, 0x5BC, 0}}, {0xFB47, {0x5E7, 0x5BC, 0}}, {0xFB48, {0x5E8, 0x5BC, 0}},
    {0xFB49, {0x5E9, 0x5BC, 0}}, {0xFB4A, {0x5EA, 0x5BC, 0}}, {0xFB4B, {0x5D5, 0x5B9, 0}},
    {0xFB4C, {0x5D1, 0x5BF, 0}}, {0xFB4D, {0x5DB, 0x5BF, 0}}, {0xFB4E, {0x5E4, 0x5BF, 0}},
    {0x1D15E, {0x1D157, 0x1D165, 0}}, {0x1D15F, {0x1D158, 0x1D165, 0}}, {0x1D160, {0x1D158, 0x1D165, 0x1D16E}},
    {0x1D161, {0x1D158, 0x1D165, 0x1D16F}}, {0x1D162, {0x1D158, 0x1D165, 0x1D170}},
    {0x1D163, {0x1D158, 0x1D165, 0x1D171}}, {0x1D164, {0x1D158, 0x1D165, 0x1D172}}, {0x1D1BB, {0x1D1B9, 0x1D165, 0}},
    {0x1D1BC, {0x1D1BA, 0x1D165, 0}}, {0x1D1BD, {0x1D1B9, 0x1D165, 0x1D16E}}, {0x1D1BE, {0x1D1BA, 0x1D165, 0x1D16E}},
    {0x1D1BF, {0x1D1B9, 0x1D165, 0x1D16F}}, {0x1D1C0, {0x1D1BA, 0x1D165, 0x1D16F}},
}};
// clang-format on

constexpr std::size_t kMaxSegment = 1000000;  // ftfy's max_decode_length
constexpr int kMaxRounds = 16;
constexpr std::size_t kMaxEntityName = 24;

void append(std::vector<char32_t>& out, const std::array<char32_t, 3>& value)
{
    for (const char32_t cp : value) {
        if (cp == 0) break;
        out.push_back(cp);
    }
}

template <typename Entry, std::size_t N>
const Entry* find(const std::array<Entry, N>& table, char32_t cp)
{
    const auto it = std::lower_bound(
        table.begin(), table.end(), cp, [](const Entry& entry, char32_t value) { return entry.from < value; });
    return it != table.end() && it->from == cp ? &*it : nullptr;
}

bool isAsciiAlnum(char32_t cp)
{
    return (cp >= U'0' && cp <= U'9') || (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z');
}

int digitValue(char32_t cp)
{
    if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
    if (cp >= U'a' && cp <= U'f') return static_cast<int>(cp - U'a' + 10);
    if (cp >= U'A' && cp <= U'F') return static_cast<int>(cp - U'A' + 10);
    return 99;
}

// html.unescape's _replace_charref for "&#<body>;", as ftfy's _unescape_fixup uses it: a body that is not all
// decimal digits or x + hex digits is only partly decoded by html.unescape, which leaves the ";" behind, and ftfy
// then keeps the whole reference; so does a reference that decodes to ";" itself. Returns false to keep it.
bool appendCharacterReference(const char32_t* body, std::size_t length, std::vector<char32_t>& out)
{
    const bool hex = body[0] == U'x' || body[0] == U'X';
    const int base = hex ? 16 : 10;
    const std::size_t first = hex ? 1 : 0;
    if (first == length) return false;
    std::uint32_t value = 0;
    for (std::size_t i = first; i < length; ++i) {
        const int digit = digitValue(body[i]);
        if (digit >= base) return false;
        value = std::min<std::uint32_t>(value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit),
            0x110000);  // saturates: 24 digits overflow any integer type
    }
    char32_t decoded = 0;
    if (value == 0) {
        decoded = kReplacement;
    } else if (value == 0x0D) {
        decoded = 0x0D;
    } else if (value >= 0x80 && value <= 0x9F) {
        decoded = kC1AsWindows1252[value - 0x80];
    } else if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
        decoded = kReplacement;
    } else if ((value >= 0x01 && value <= 0x08) || value == 0x0B || (value >= 0x0E && value <= 0x1F) || value == 0x7F
        || (value >= 0xFDD0 && value <= 0xFDEF) || (value & 0xFFFE) == 0xFFFE) {
        return true;  // html.unescape drops these
    } else {
        decoded = value;
    }
    if (decoded == U';') return false;
    out.push_back(decoded);
    return true;
}

// fixes.unescape_html: each match of &#?[0-9A-Za-z]{1,24}; (left to right, not overlapping) that names an entity
// or a character reference is replaced; a match can only start at "&" and spans at most 27 code points.
std::vector<char32_t> unescapeHtml(const std::vector<char32_t>& text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    std::string name;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != U'&') {
            out.push_back(text[i++]);
            continue;
        }
        const bool numeric = i + 1 < text.size() && text[i + 1] == U'#';
        const std::size_t start = i + (numeric ? 2 : 1);
        std::size_t end = start;
        while (end < text.size() && end - start < kMaxEntityName && isAsciiAlnum(text[end])) ++end;
        if (end == start || end >= text.size() || text[end] != U';') {
            out.push_back(text[i++]);
            continue;
        }
        bool replaced = false;
        if (numeric) {
            replaced = appendCharacterReference(text.data() + start, end - start, out);
        } else {
            name.clear();
            for (std::size_t k = start; k < end; ++k) name += static_cast<char>(text[k]);
            const auto it = std::lower_bound(kHtmlEntities.begin(), kHtmlEntities.end(), std::string_view(name),
                [](const HtmlEntity& entity, std::string_view key) { return entity.name < key; });
            if (it != kHtmlEntities.end() && it->name == name) {
                append(out, it->value);
                replaced = true;
            }
        }
        if (!replaced)
            out.insert(out.end(), text.begin() + static_cast<std::ptrdiff_t>(i),
                text.begin() + static_cast<std::ptrdiff_t>(end + 1));
        i = end + 1;
    }
    return out;
}

// uncurl_quotes for one code point.
char32_t uncurl(char32_t cp)
{
    if (cp == 0x2BC || (cp >= 0x2018 && cp <= 0x201B)) return U'\'';
    if (cp >= 0x201C && cp <= 0x201F) return U'"';
    return cp;
}

// fix_character_width, then uncurl_quotes, for one code point.
void appendNarrowed(char32_t cp, std::vector<char32_t>& out)
{
    if (const CodePointMap* wide = find(kWidthMap, cp)) {
        for (const char32_t narrow : wide->to) {
            if (narrow == 0) break;
            out.push_back(uncurl(narrow));
        }
        return;
    }
    out.push_back(uncurl(cp));
}

// fix_latin_ligatures for one code point: its letters, or 0 in the first slot for none.
std::array<char32_t, 3> ligature(char32_t cp)
{
    switch (cp) {
    case 0x132:
        return {U'I', U'J', 0};
    case 0x133:
        return {U'i', U'j', 0};
    case 0x149:
        return {0x2BC, U'n', 0};
    case 0x1F1:
        return {U'D', U'Z', 0};
    case 0x1F2:
        return {U'D', U'z', 0};
    case 0x1F3:
        return {U'd', U'z', 0};
    case 0x1C4:
        return {U'D', 0x17D, 0};
    case 0x1C5:
        return {U'D', 0x17E, 0};
    case 0x1C6:
        return {U'd', 0x17E, 0};
    case 0x1C7:
        return {U'L', U'J', 0};
    case 0x1C8:
        return {U'L', U'j', 0};
    case 0x1C9:
        return {U'l', U'j', 0};
    case 0x1CA:
        return {U'N', U'J', 0};
    case 0x1CB:
        return {U'N', U'j', 0};
    case 0x1CC:
        return {U'n', U'j', 0};
    case 0xFB00:
        return {U'f', U'f', 0};
    case 0xFB01:
        return {U'f', U'i', 0};
    case 0xFB02:
        return {U'f', U'l', 0};
    case 0xFB03:
        return {U'f', U'f', U'i'};
    case 0xFB04:
        return {U'f', U'f', U'l'};
    case 0xFB05:
        return {0x17F, U't', 0};
    case 0xFB06:
        return {U's', U't', 0};
    default:
        return {0, 0, 0};
    }
}

// fix_c1_controls, fix_latin_ligatures, fix_character_width and uncurl_quotes, in that order: each maps code
// points one by one, so one scan applies them in sequence.
std::vector<char32_t> mapCharacters(const std::vector<char32_t>& text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (char32_t cp : text) {
        if (cp >= 0x80 && cp <= 0x9F) cp = kC1AsWindows1252[cp - 0x80];
        const std::array<char32_t, 3> letters = ligature(cp);
        if (letters[0] == 0) {
            appendNarrowed(cp, out);
            continue;
        }
        for (const char32_t letter : letters) {
            if (letter != 0) appendNarrowed(letter, out);
        }
    }
    return out;
}

// fix_line_breaks ("\r\n", "\r", U+2028, U+2029 and U+0085 become "\n"), remove_terminal_escapes (ESC [ digits or
// ";" ... one ASCII letter) and remove_control_chars, in that order.
std::vector<char32_t> removeBreaksEscapesAndControls(const std::vector<char32_t>& text)
{
    std::vector<char32_t> lines;
    lines.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t cp = text[i];
        if (cp == U'\r') {
            lines.push_back(U'\n');
            if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
        } else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
            lines.push_back(U'\n');
        } else {
            lines.push_back(cp);
        }
    }
    std::vector<char32_t> out;
    out.reserve(lines.size());
    for (std::size_t i = 0; i < lines.size();) {
        if (lines[i] == 0x1B && i + 1 < lines.size() && lines[i + 1] == U'[') {
            // The scan stops at the first character that is not a digit or ";", so two escapes never scan the
            // same characters.
            std::size_t end = i + 2;
            while (end < lines.size() && ((lines[end] >= U'0' && lines[end] <= U'9') || lines[end] == U';')) ++end;
            const char32_t last = end < lines.size() ? lines[end] : 0;
            if ((last >= U'a' && last <= U'z') || (last >= U'A' && last <= U'Z')) {
                i = end + 1;
                continue;
            }
        }
        const char32_t cp = lines[i++];
        const bool control = cp <= 0x08 || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
            || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC);
        if (!control) out.push_back(cp);
    }
    return out;
}

// NFC: each code point's own NFC form (singletons such as CJK compatibility ideographs, composition exclusions),
// then canonical composition (unicode_text.h).
std::vector<char32_t> normalizeNfc(const std::vector<char32_t>& text)
{
    std::vector<char32_t> mapped;
    mapped.reserve(text.size());
    for (const char32_t cp : text) {
        if (const SingleMap* single = find(kNfcSingles, cp)) {
            mapped.push_back(single->to);
        } else if (const CodePointMap* multiple = find(kNfcMultiples, cp)) {
            append(mapped, multiple->to);
        } else {
            mapped.push_back(cp);
        }
    }
    return composeCanonical(mapped);
}

// fix_and_explain's loop for one segment (fix_encoding and fix_surrogates left out: see the header).
std::vector<char32_t> fixSegment(std::vector<char32_t> text, bool unescape)
{
    for (int round = 0; round < kMaxRounds; ++round) {
        std::vector<char32_t> fixed = unescape ? unescapeHtml(text) : text;
        fixed = normalizeNfc(removeBreaksEscapesAndControls(mapCharacters(fixed)));
        if (fixed == text) break;
        text = std::move(fixed);
    }
    return text;
}

}  // namespace

std::vector<char32_t> fixText(const std::vector<char32_t>& text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    // fix_text turns unescape_html "auto" off for good at the first segment that holds a "<".
    bool unescape = true;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto newline = std::find(text.begin() + static_cast<std::ptrdiff_t>(pos), text.end(), U'\n');
        std::size_t end = newline == text.end() ? text.size() : static_cast<std::size_t>(newline - text.begin()) + 1;
        end = std::min(end, pos + kMaxSegment);
        const std::vector<char32_t> segment(
            text.begin() + static_cast<std::ptrdiff_t>(pos), text.begin() + static_cast<std::ptrdiff_t>(end));
        if (unescape && std::find(segment.begin(), segment.end(), U'<') != segment.end()) unescape = false;
        const std::vector<char32_t> fixed = fixSegment(segment, unescape);
        out.insert(out.end(), fixed.begin(), fixed.end());
        pos = end;
    }
    return out;
}

}  // namespace tastelab::model::unicode
