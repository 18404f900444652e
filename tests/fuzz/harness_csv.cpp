// CSV: parseCsv with ',' and ';', the header-aware CsvTable over the records, and for accepted text a round trip:
// the records written with appendCsvRow read back as the same fields. FormatError is the documented refusal.
#include "tests/fuzz/fuzz_target.h"
#include "util/csv.h"

#include <string_view>

namespace tastelab::fuzz {
namespace {

std::string describe(const std::vector<std::string>& fields)
{
    std::string out = "[";
    for (const std::string& field : fields) out += "\"" + field + "\" ";
    return out + "]";
}

void roundTrip(const std::vector<util::CsvRecord>& records, char delimiter)
{
    std::string written;
    for (const auto& record : records) util::appendCsvRow(written, record.fields, delimiter);
    std::vector<util::CsvRecord> again;
    try {
        again = util::parseCsv(written, "written", delimiter);
    } catch (const util::FormatError& error) {
        throw PropertyViolation(std::string("CSV written from accepted records does not read back: ") + error.what());
    }
    if (again.size() != records.size()) {
        throw PropertyViolation("CSV written from " + std::to_string(records.size()) + " records reads back as "
            + std::to_string(again.size()));
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (again[i].fields != records[i].fields) {
            throw PropertyViolation("CSV record " + std::to_string(i) + " " + describe(records[i].fields)
                + " reads back as " + describe(again[i].fields));
        }
    }
}

}  // namespace

int fuzzCsv(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    int outcome = kRefused;
    for (const char delimiter : {',', ';'}) {
        std::vector<util::CsvRecord> records;
        try {
            records = util::parseCsv(text, "fuzz.csv", delimiter);
        } catch (const util::FormatError& error) {
            refuse(error);
            continue;
        }
        outcome = kAccepted;
        roundTrip(records, delimiter);
        try {
            const util::CsvTable table(std::move(records), "fuzz.csv");
            for (const char* name : {"person", "image", "value", "rating", ""}) (void)table.column(name);
            (void)table.requireColumn("value");
            table.requireRectangular();
        } catch (const util::FormatError&) {
        }
    }
    return outcome;
}

}  // namespace tastelab::fuzz
