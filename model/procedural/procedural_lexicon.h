// The words the procedural generator understands. Each style word pushes some of the nine visual
// attributes up or down; subject words ("fox", "harbour") only change the layout. The same
// vocabulary serves prompt refinement later.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::model {

// The attributes every procedural image carries, each in 0..1.
enum class VisualAttribute {
    Warmth,  // cool blues .. warm oranges
    Saturation,  // grey .. vivid
    Brightness,  // dark .. bright
    Contrast,  // flat .. punchy
    Detail,  // minimal .. intricate (number of shapes, texture frequency)
    Geometry,  // organic blobs .. geometric hard shapes
    Centering,  // scattered .. centred composition
    Texture,  // smooth .. textured surface
    Blur,  // crisp .. soft
};
inline constexpr int kVisualAttributeCount = 9;
using AttributeVector = std::array<float, kVisualAttributeCount>;

const std::array<std::string_view, kVisualAttributeCount>& visualAttributeNames();

enum class WordCategory { ArtStyle, Color, Detail, Medium, Saturation, Lighting, Composition, Subject };

struct LexiconEntry {
    std::string_view word;
    WordCategory category;
    AttributeVector bias;  // added to the attribute logits; zero for subjects
};

const std::vector<LexiconEntry>& proceduralLexicon();
// Case-insensitive; nullptr for unknown words.
const LexiconEntry* findLexiconWord(std::string_view word);
std::string_view toString(WordCategory category);

}  // namespace tastelab::model
