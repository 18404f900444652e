// PNG text chunks (tEXt, zTXt, iTXt): readPngTextChunks, then the generation settings a PNG carries ("tastelab" JSON
// or an A1111 "parameters" line) as settingsFromPng reads them, validated as a generation would be. The documented
// refusals: ImageError for the file, std::runtime_error naming the file for unreadable settings, and
// std::invalid_argument from validate().
#include "app/services/generation.h"
#include "model/io/image_io.h"
#include "tests/fuzz/fuzz_target.h"

#include <typeinfo>

namespace tastelab::fuzz {

int fuzzPngText(const std::uint8_t* data, std::size_t size)
{
    const std::vector<std::uint8_t> bytes(data, data + size);
    const std::string name = "fuzz.png";
    model::PngTextChunks chunks;
    try {
        chunks = model::readPngTextChunks(bytes, name);
    } catch (const model::ImageError& error) {
        return refuse(error);
    }
    try {
        auto settings = services::settingsFromTextChunks(chunks, name);
        if (settings) {
            // A PNG does not carry the model folder; the caller supplies the one found on this machine.
            if (settings->generator != "procedural") settings->modelFolder = "/models/found-here";
            services::validate(*settings);
        }
    } catch (const std::invalid_argument& error) {
        return refuse(error);
    } catch (const std::runtime_error& error) {
        if (typeid(error) != typeid(std::runtime_error) || std::string(error.what()).find(name) == std::string::npos)
            throw;
        return refuse(error);
    }
    return kAccepted;
}

}  // namespace tastelab::fuzz
