// The colours of every chart TasteLab draws, in the GUI and in the PNG charts the CLI writes: the Okabe-Ito
// palette, which stays distinguishable with the common forms of colour blindness. No Qt.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tastelab::services {

struct ChartColour {
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;
};

// Series colours in the order series get them. With more than kChartColours series the colours repeat; charts then
// tell the repeats apart by line style.
inline constexpr std::size_t kChartColours = 8;

// The colour of series `index` on a light background, or on a dark one (where the palette's black would vanish and
// a light grey takes its place).
ChartColour chartColour(std::size_t index, bool darkBackground = false);

}  // namespace tastelab::services
