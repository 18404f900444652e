// The lexicon table. Biases are logits added to the attribute's pre-sigmoid value: +2 moves an
// attribute from 0.5 to about 0.88 on its own. Subject words carry no bias.
#include "model/procedural/procedural_lexicon.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tastelab::model {

const std::array<std::string_view, kVisualAttributeCount>& visualAttributeNames()
{
    static const std::array<std::string_view, kVisualAttributeCount> names = {
        "warmth", "saturation", "brightness", "contrast", "detail", "geometry", "centering", "texture", "blur"};
    return names;
}

const std::vector<LexiconEntry>& proceduralLexicon()
{
    // Columns: warmth, saturation, brightness, contrast, detail, geometry, centering, texture, blur.
    static const std::vector<LexiconEntry> entries = {
        {"warm", WordCategory::Color, {2.0f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"cool", WordCategory::Color, {-2.0f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"cold", WordCategory::Color, {-2.2f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"hot", WordCategory::Color, {2.5f, 0.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"fiery", WordCategory::Color, {2.5f, 1.0f, 0, 0.5f, 0, 0, 0, 0, 0}},
        {"icy", WordCategory::Color, {-2.5f, 0, 0.5f, 0, 0, 0, 0, 0, 0}},
        {"golden", WordCategory::Color, {1.5f, 0, 0.5f, 0, 0, 0, 0, 0, 0}},
        {"amber", WordCategory::Color, {1.8f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"orange", WordCategory::Color, {2.0f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"red", WordCategory::Color, {1.5f, 0.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"crimson", WordCategory::Color, {1.5f, 1.0f, -0.3f, 0, 0, 0, 0, 0, 0}},
        {"pink", WordCategory::Color, {0.8f, 0, 0.5f, 0, 0, 0, 0, 0, 0}},
        {"magenta", WordCategory::Color, {0.3f, 1.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"purple", WordCategory::Color, {-0.8f, 0.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"violet", WordCategory::Color, {-1.0f, 0.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"blue", WordCategory::Color, {-2.0f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"teal", WordCategory::Color, {-1.5f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"cyan", WordCategory::Color, {-1.8f, 0, 0.3f, 0, 0, 0, 0, 0, 0}},
        {"turquoise", WordCategory::Color, {-1.5f, 0.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"green", WordCategory::Color, {-0.8f, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"emerald", WordCategory::Color, {-1.0f, 0.8f, 0, 0, 0, 0, 0, 0, 0}},
        {"earthy", WordCategory::Color, {1.0f, -0.8f, 0, 0, 0, 0, 0, 0, 0}},
        {"sepia", WordCategory::Color, {1.5f, -1.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"autumn", WordCategory::Color, {1.8f, 0.3f, 0, 0, 0, 0, 0, 0, 0}},
        {"winter", WordCategory::Color, {-2.0f, -0.5f, 0.5f, 0, 0, 0, 0, 0, 0}},
        {"summer", WordCategory::Color, {1.0f, 0.5f, 1.0f, 0, 0, 0, 0, 0, 0}},
        {"spring", WordCategory::Color, {0, 0.5f, 0.8f, 0, 0, 0, 0, 0, 0}},
        {"vibrant", WordCategory::Saturation, {0, 2.0f, 0, 0, 0, 0, 0, 0, 0}},
        {"vivid", WordCategory::Saturation, {0, 2.0f, 0, 0, 0, 0, 0, 0, 0}},
        {"saturated", WordCategory::Saturation, {0, 2.0f, 0, 0, 0, 0, 0, 0, 0}},
        {"colorful", WordCategory::Saturation, {0, 1.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"neon", WordCategory::Saturation, {0, 2.5f, 0.5f, 1.0f, 0, 0, 0, 0, 0}},
        {"pastel", WordCategory::Saturation, {0, -1.5f, 1.5f, -0.8f, 0, 0, 0, 0, 0}},
        {"muted", WordCategory::Saturation, {0, -1.5f, 0, -0.5f, 0, 0, 0, 0, 0}},
        {"desaturated", WordCategory::Saturation, {0, -2.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"monochrome", WordCategory::Saturation, {0, -3.0f, 0, 0, 0, 0, 0, 0, 0}},
        {"grayscale", WordCategory::Saturation, {0, -3.5f, 0, 0, 0, 0, 0, 0, 0}},
        {"faded", WordCategory::Saturation, {0, -1.2f, 0.5f, -1.0f, 0, 0, 0, 0, 0}},
        {"washed", WordCategory::Saturation, {0, -1.5f, 0.8f, 0, 0, 0, 0, 0, 0}},
        {"dull", WordCategory::Saturation, {0, -1.2f, 0, -0.8f, 0, 0, 0, 0, 0}},
        {"rich", WordCategory::Saturation, {0, 1.0f, 0, 0.5f, 0, 0, 0, 0, 0}},
        {"bold", WordCategory::Saturation, {0, 1.0f, 0, 1.2f, 0, 0, 0, 0, 0}},
        {"subdued", WordCategory::Saturation, {0, -1.0f, -0.3f, -0.8f, 0, 0, 0, 0, 0}},
        {"bright", WordCategory::Lighting, {0, 0, 2.0f, 0, 0, 0, 0, 0, 0}},
        {"dark", WordCategory::Lighting, {0, 0, -2.0f, 0, 0, 0, 0, 0, 0}},
        {"light", WordCategory::Lighting, {0, 0, 1.2f, 0, 0, 0, 0, 0, 0}},
        {"dim", WordCategory::Lighting, {0, 0, -1.5f, 0, 0, 0, 0, 0, 0}},
        {"luminous", WordCategory::Lighting, {0, 0, 1.5f, 0.3f, 0, 0, 0, 0, 0}},
        {"glowing", WordCategory::Lighting, {0, 0.5f, 1.0f, 0, 0, 0, 0, 0, 0}},
        {"shadowy", WordCategory::Lighting, {0, 0, -1.5f, 0.8f, 0, 0, 0, 0, 0}},
        {"moody", WordCategory::Lighting, {0, -0.3f, -1.2f, 0.8f, 0, 0, 0, 0, 0}},
        {"dramatic", WordCategory::Lighting, {0, 0, -0.5f, 2.0f, 0, 0, 0, 0, 0}},
        {"cinematic", WordCategory::Lighting, {0, 0, -0.3f, 1.2f, 0, 0, 0, 0, 0}},
        {"soft", WordCategory::Lighting, {0, 0, 0, -1.2f, 0, 0, 0, 0, 1.0f}},
        {"harsh", WordCategory::Lighting, {0, 0, 0, 1.8f, 0, 0, 0, 0, -1.0f}},
        {"sunny", WordCategory::Lighting, {1.0f, 0, 1.5f, 0, 0, 0, 0, 0, 0}},
        {"sunset", WordCategory::Lighting, {2.0f, 0, -0.3f, 0.5f, 0, 0, 0, 0, 0}},
        {"night", WordCategory::Lighting, {-1.0f, 0, -2.2f, 0, 0, 0, 0, 0, 0}},
        {"noir", WordCategory::Lighting, {0, -3.0f, -1.0f, 2.0f, 0, 0, 0, 0, 0}},
        {"backlit", WordCategory::Lighting, {0, 0, 0, 1.5f, 0, 0, 0.5f, 0, 0}},
        {"foggy", WordCategory::Lighting, {0, 0, 0.5f, -1.5f, 0, 0, 0, 0, 1.5f}},
        {"misty", WordCategory::Lighting, {0, 0, 0.5f, -1.2f, 0, 0, 0, 0, 1.2f}},
        {"hazy", WordCategory::Lighting, {0, 0, 0, -1.0f, 0, 0, 0, 0, 1.0f}},
        {"airy", WordCategory::Lighting, {0, 0, 1.2f, -0.8f, 0, 0, 0, 0, 0}},
        {"gloomy", WordCategory::Lighting, {0, -0.8f, -1.5f, 0, 0, 0, 0, 0, 0}},
        {"minimal", WordCategory::Detail, {0, 0, 0, 0, -2.5f, 0, 0, -1.0f, 0}},
        {"minimalist", WordCategory::Detail, {0, 0, 0, 0, -2.5f, 0.5f, 0, -1.0f, 0}},
        {"simple", WordCategory::Detail, {0, 0, 0, 0, -1.8f, 0, 0, -0.8f, 0}},
        {"clean", WordCategory::Detail, {0, 0, 0, 0, -1.2f, 0, 0, -1.2f, -0.5f}},
        {"sparse", WordCategory::Detail, {0, 0, 0, 0, -2.0f, 0, 0, 0, 0}},
        {"intricate", WordCategory::Detail, {0, 0, 0, 0, 2.5f, 0, 0, 1.0f, 0}},
        {"detailed", WordCategory::Detail, {0, 0, 0, 0, 2.0f, 0, 0, 0.8f, 0}},
        {"ornate", WordCategory::Detail, {0.5f, 0, 0, 0, 2.2f, 0, 0, 1.0f, 0}},
        {"complex", WordCategory::Detail, {0, 0, 0, 0, 2.0f, 0, 0, 0, 0}},
        {"busy", WordCategory::Detail, {0, 0, 0, 0, 2.2f, 0, -1.0f, 0, 0}},
        {"elaborate", WordCategory::Detail, {0, 0, 0, 0, 2.0f, 0, 0, 0, 0}},
        {"cluttered", WordCategory::Detail, {0, 0, 0, 0, 2.5f, 0, -1.5f, 0, 0}},
        {"maximalist", WordCategory::Detail, {0, 1.0f, 0, 0, 2.5f, 0, 0, 0, 0}},
        {"fine", WordCategory::Detail, {0, 0, 0, 0, 1.0f, 0, 0, 0, -0.5f}},
        {"rough", WordCategory::Detail, {0, 0, 0, 0, 0, 0, 0, 1.5f, -0.3f}},
        {"watercolor", WordCategory::Medium, {0, -0.5f, 0.5f, 0, 0, -1.5f, 0, 0.8f, 1.5f}},
        {"oil", WordCategory::Medium, {0, 0.8f, 0, 0, 0, -0.5f, 0, 1.2f, 0}},
        {"acrylic", WordCategory::Medium, {0, 1.0f, 0, 0, 0, 0, 0, 0.8f, 0}},
        {"gouache", WordCategory::Medium, {0, 0.5f, 0, 0, 0, 0, 0, 0.5f, 0.3f}},
        {"pencil", WordCategory::Medium, {0, -2.5f, 0, 0, 1.0f, 0, 0, 1.0f, 0}},
        {"charcoal", WordCategory::Medium, {0, -3.0f, -0.5f, 1.0f, 0, 0, 0, 1.5f, 0}},
        {"ink", WordCategory::Medium, {0, -2.0f, 0, 1.5f, 0, 0, 0, 0, -1.0f}},
        {"sketch", WordCategory::Medium, {0, -2.0f, 0, 0, 0.5f, 0, 0, 0.8f, 0}},
        {"crayon", WordCategory::Medium, {0, 0.8f, 0, 0, 0, 0, 0, 1.5f, 0}},
        {"digital", WordCategory::Medium, {0, 0, 0, 0, 0, 0.5f, 0, -0.5f, -1.0f}},
        {"vector", WordCategory::Medium, {0, 0, 0, 0, -0.5f, 1.5f, 0, -1.5f, -1.5f}},
        {"photo", WordCategory::Medium, {0, 0, 0, 0.3f, 0, 0, 0, 0, -0.3f}},
        {"grainy", WordCategory::Medium, {0, 0, 0, 0, 0, 0, 0, 2.0f, 0}},
        {"textured", WordCategory::Medium, {0, 0, 0, 0, 0, 0, 0, 2.0f, 0}},
        {"smooth", WordCategory::Medium, {0, 0, 0, 0, 0, 0, 0, -2.0f, 0.5f}},
        {"glossy", WordCategory::Medium, {0, 0, 0.5f, 0.8f, 0, 0, 0, -1.5f, 0}},
        {"matte", WordCategory::Medium, {0, 0, 0, -0.5f, 0, 0, 0, -0.5f, 0}},
        {"blurry", WordCategory::Medium, {0, 0, 0, 0, 0, 0, 0, 0, 2.5f}},
        {"blurred", WordCategory::Medium, {0, 0, 0, 0, 0, 0, 0, 0, 2.5f}},
        {"sharp", WordCategory::Medium, {0, 0, 0, 0.5f, 0, 0, 0, 0, -2.0f}},
        {"crisp", WordCategory::Medium, {0, 0, 0, 0.8f, 0, 0, 0, 0, -2.0f}},
        {"dreamy", WordCategory::Medium, {0, 0, 0.8f, -0.8f, 0, 0, 0, 0, 1.8f}},
        {"ethereal", WordCategory::Medium, {0, -0.5f, 1.0f, 0, 0, 0, 0, 0, 1.5f}},
        {"impasto", WordCategory::Medium, {0, 0, 0, 0, 0.5f, 0, 0, 2.5f, 0}},
        {"mosaic", WordCategory::Medium, {0, 0, 0, 0, 1.5f, 1.5f, 0, 1.0f, 0}},
        {"stained", WordCategory::Medium, {0, 1.5f, 0, 1.0f, 0, 1.0f, 0, 0, 0}},
        {"embroidery", WordCategory::Medium, {0, 0, 0, 0, 1.5f, 0, 0, 2.0f, 0}},
        {"collage", WordCategory::Medium, {0, 0, 0, 0, 1.5f, 0.8f, -1.0f, 0, 0}},
        {"geometric", WordCategory::ArtStyle, {0, 0, 0, 0, 0, 2.5f, 0, 0, 0}},
        {"angular", WordCategory::ArtStyle, {0, 0, 0, 0.5f, 0, 2.0f, 0, 0, 0}},
        {"cubist", WordCategory::ArtStyle, {0, 0, 0, 0, 1.0f, 2.5f, 0, 0, 0}},
        {"cubism", WordCategory::ArtStyle, {0, 0, 0, 0, 1.0f, 2.5f, 0, 0, 0}},
        {"abstract", WordCategory::ArtStyle, {0, 0, 0, 0, 0.3f, 0, -0.5f, 0, 0}},
        {"organic", WordCategory::ArtStyle, {0, 0, 0, 0, 0, -2.5f, 0, 0, 0}},
        {"flowing", WordCategory::ArtStyle, {0, 0, 0, 0, 0, -2.0f, 0, 0, 0.5f}},
        {"curvy", WordCategory::ArtStyle, {0, 0, 0, 0, 0, -2.0f, 0, 0, 0}},
        {"floral", WordCategory::ArtStyle, {0, 0.5f, 0, 0, 1.0f, -1.8f, 0, 0, 0}},
        {"botanical", WordCategory::ArtStyle, {-0.5f, 0, 0, 0, 1.0f, -1.5f, 0, 0, 0}},
        {"bauhaus", WordCategory::ArtStyle, {0, 1.0f, 0, 0, -1.0f, 2.5f, 0, 0, 0}},
        {"deco", WordCategory::ArtStyle, {0.8f, 0, 0, 0.5f, 0, 1.8f, 1.0f, 0, 0}},
        {"modernist", WordCategory::ArtStyle, {0, 0, 0, 0, -1.0f, 1.5f, 0, 0, 0}},
        {"brutalist", WordCategory::ArtStyle, {0, -1.5f, 0, 1.0f, 0, 2.0f, 0, 0, 0}},
        {"baroque", WordCategory::ArtStyle, {1.0f, 0, 0, 1.2f, 2.0f, 0, 0.8f, 0, 0}},
        {"rococo", WordCategory::ArtStyle, {0, -0.3f, 0.8f, 0, 2.0f, -1.0f, 0, 0, 0}},
        {"impressionist", WordCategory::ArtStyle, {0, 0, 0.5f, 0, 0, 0, 0, 1.5f, 1.0f}},
        {"impressionism", WordCategory::ArtStyle, {0, 0, 0.5f, 0, 0, 0, 0, 1.5f, 1.0f}},
        {"expressionist", WordCategory::ArtStyle, {0, 1.5f, 0, 1.5f, 0, 0, 0, 1.0f, 0}},
        {"surreal", WordCategory::ArtStyle, {0, 0.8f, 0, 0, 0, 0, 0.5f, 0, 0.5f}},
        {"psychedelic", WordCategory::ArtStyle, {0, 2.5f, 0, 1.0f, 1.5f, 0, 0, 0, 0}},
        {"pop", WordCategory::ArtStyle, {0, 2.0f, 0, 1.5f, 0, 1.0f, 0, 0, 0}},
        {"retro", WordCategory::ArtStyle, {1.0f, -0.5f, 0, 0, 0, 0, 0, 0.8f, 0}},
        {"vintage", WordCategory::ArtStyle, {1.2f, -1.0f, 0, -0.5f, 0, 0, 0, 1.0f, 0}},
        {"futuristic", WordCategory::ArtStyle, {-1.5f, 0, 0.3f, 0, 0, 1.5f, 0, 0, 0}},
        {"cyberpunk", WordCategory::ArtStyle, {-0.5f, 2.0f, -1.0f, 1.5f, 0, 0, 0, 0, 0}},
        {"vaporwave", WordCategory::ArtStyle, {-0.3f, 1.2f, 0.5f, 0, 0, 1.0f, 0, 0, 0}},
        {"gothic", WordCategory::ArtStyle, {0, 0, -1.8f, 1.2f, 1.0f, 0, 0, 0, 0}},
        {"whimsical", WordCategory::ArtStyle, {0, 0.8f, 0.8f, 0, 0, -1.0f, 0, 0, 0}},
        {"zen", WordCategory::ArtStyle, {0, -1.0f, 0, 0, -2.0f, 0, 1.0f, 0, 0.5f}},
        {"rustic", WordCategory::ArtStyle, {1.2f, -0.5f, 0, 0, 0, 0, 0, 1.5f, 0}},
        {"industrial", WordCategory::ArtStyle, {-0.8f, -1.5f, 0, 0, 0, 1.5f, 0, 0, 0}},
        {"tribal", WordCategory::ArtStyle, {1.0f, 0, 0, 0, 1.5f, 1.0f, 0, 0, 0}},
        {"scandinavian", WordCategory::ArtStyle, {-0.3f, -1.0f, 1.0f, 0, -1.5f, 0, 0, 0, 0}},
        {"centered", WordCategory::Composition, {0, 0, 0, 0, 0, 0, 2.5f, 0, 0}},
        {"central", WordCategory::Composition, {0, 0, 0, 0, 0, 0, 2.0f, 0, 0}},
        {"symmetrical", WordCategory::Composition, {0, 0, 0, 0, 0, 0.5f, 2.0f, 0, 0}},
        {"symmetric", WordCategory::Composition, {0, 0, 0, 0, 0, 0.5f, 2.0f, 0, 0}},
        {"balanced", WordCategory::Composition, {0, 0, 0, 0, 0, 0, 1.2f, 0, 0}},
        {"asymmetrical", WordCategory::Composition, {0, 0, 0, 0, 0, 0, -2.0f, 0, 0}},
        {"scattered", WordCategory::Composition, {0, 0, 0, 0, 0.5f, 0, -2.5f, 0, 0}},
        {"dynamic", WordCategory::Composition, {0, 0, 0, 0.8f, 0, 0, -1.5f, 0, 0}},
        {"panoramic", WordCategory::Composition, {0, 0, 0, 0, 0, 0, -1.5f, 0, 0}},
        {"portrait", WordCategory::Composition, {0, 0, 0, 0, 0, 0, 1.5f, 0, 0}},
        {"closeup", WordCategory::Composition, {0, 0, 0, 0, -0.5f, 0, 2.0f, 0, 0}},
        {"wide", WordCategory::Composition, {0, 0, 0, 0, 0, 0, -1.5f, 0, 0}},
        {"isolated", WordCategory::Composition, {0, 0, 0, 0, -1.5f, 0, 2.0f, 0, 0}},
        {"framed", WordCategory::Composition, {0, 0, 0, 0, 0, 0, 1.5f, 0, 0}},
        {"diagonal", WordCategory::Composition, {0, 0, 0, 0, 0, 0.5f, -1.2f, 0, 0}},
        {"layered", WordCategory::Composition, {0, 0, 0, 0, 1.2f, 0, 0, 0.5f, 0}},
        {"spacious", WordCategory::Composition, {0, 0, 0, 0, -1.5f, 0, 0.5f, 0, 0}},
        {"crowded", WordCategory::Composition, {0, 0, 0, 0, 2.0f, 0, -1.5f, 0, 0}},
        {"cat", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"dog", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"fox", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"bird", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"owl", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"whale", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"horse", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"dragon", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"butterfly", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"city", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"harbour", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"harbor", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"forest", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"mountain", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"ocean", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"sea", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"flower", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"garden", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"street", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"castle", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"robot", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"tree", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"river", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"lake", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"desert", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"moon", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"sky", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"cloud", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"house", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"boat", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"bridge", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"tower", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"village", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"field", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"meadow", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"island", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"valley", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"cave", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"train", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"car", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"lantern", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"apple", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"teapot", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"chair", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"window", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"door", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"staircase", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"face", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"woman", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"man", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"child", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"landscape", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"still", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"life", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"bowl", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"fruit", WordCategory::Subject, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
    };
    return entries;
}

const LexiconEntry* findLexiconWord(std::string_view word)
{
    std::string lower(word);
    std::transform(
        lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const LexiconEntry& entry : proceduralLexicon()) {
        if (entry.word == lower) return &entry;
    }
    return nullptr;
}

std::string_view toString(WordCategory category)
{
    switch (category) {
    case WordCategory::ArtStyle:
        return "art style";
    case WordCategory::Color:
        return "color";
    case WordCategory::Detail:
        return "detail";
    case WordCategory::Medium:
        return "medium";
    case WordCategory::Saturation:
        return "saturation";
    case WordCategory::Lighting:
        return "lighting";
    case WordCategory::Composition:
        return "composition";
    case WordCategory::Subject:
        return "subject";
    }
    return "subject";
}

}  // namespace tastelab::model
