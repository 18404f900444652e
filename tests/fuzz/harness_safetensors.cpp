// Safetensors: a single file opened and every tensor loaded as stored and converted to float; and a sharded
// checkpoint (model.safetensors.index.json and its shards, as a multi-file input) opened and every tensor loaded.
// SafetensorsError is the documented refusal.
#include "model/io/safetensors.h"
#include "tests/fuzz/fuzz_target.h"

#include <ATen/ATen.h>

namespace tastelab::fuzz {

int fuzzSafetensors(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = writeScratchFile("fuzz.safetensors", data, size);
    try {
        const auto st = model::SafetensorsFile::open(file);
        for (const auto& info : st.tensors()) {
            (void)st.load(info.name);
            (void)st.load(info.name, at::kFloat);
        }
        (void)st.metadata();
        return kAccepted;
    } catch (const model::SafetensorsError& error) {
        return refuse(error);
    }
}

int fuzzSafetensorsIndex(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path dir = writeScratchFolder("index", data, size);
    try {
        const auto collection = model::SafetensorsCollection::openIndex(dir / "model.safetensors.index.json");
        for (const std::string& name : collection.names()) {
            if (!collection.find(name)) throw PropertyViolation("a listed tensor is not found: " + name);
            (void)collection.load(name, at::kFloat);
        }
        return kAccepted;
    } catch (const model::SafetensorsError& error) {
        return refuse(error);
    }
}

}  // namespace tastelab::fuzz
