// Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion, reddish purple, sky blue,
// yellow, black. Yellow comes late: it is the hardest to see on white.
#include "app/services/chart_palette.h"

#include <array>

namespace tastelab::services {

ChartColour chartColour(std::size_t index, bool darkBackground)
{
    static constexpr std::array<ChartColour, kChartColours> light{{
        {0x00, 0x72, 0xB2},
        {0xE6, 0x9F, 0x00},
        {0x00, 0x9E, 0x73},
        {0xD5, 0x5E, 0x00},
        {0xCC, 0x79, 0xA7},
        {0x56, 0xB4, 0xE9},
        {0xF0, 0xE4, 0x42},
        {0x00, 0x00, 0x00},
    }};
    const std::size_t i = index % kChartColours;
    if (darkBackground && i == kChartColours - 1) return {0xDD, 0xDD, 0xDD};
    return light[i];
}

}  // namespace tastelab::services
