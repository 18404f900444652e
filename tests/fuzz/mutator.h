// Deterministic mutations for the fuzz driver: generic byte-level ones (bit flips, interesting values, length and
// offset fields moved, truncation, extension, insertion, deletion, duplication, splicing between seeds, dictionary
// tokens, numbers in text) and structure-aware ones for formats whose checksums or containers would otherwise refuse
// nearly every mutant (PNG chunk CRCs, the zip around a pickle, gzip, multi-file inputs, the safetensors header).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tastelab::fuzz {

using Bytes = std::vector<std::uint8_t>;
using Rng = std::mt19937_64;

// Mutants never grow past this.
inline constexpr std::size_t kMaxMutantBytes = std::size_t{1} << 20;

struct MutationContext {
    const std::vector<Bytes>* seeds = nullptr;  // the corpus, for splicing
    const std::vector<std::string>* dictionary = nullptr;  // tokens of the format
};

// One generic mutation of `bytes`.
void mutateGeneric(Bytes& bytes, Rng& rng, const MutationContext& context);

// Structure-aware mutations (each ends by applying mutateGeneric or its own edits to the inner data).
using CustomMutator = void (*)(Bytes& bytes, Rng& rng, const MutationContext& context);
// Repairs applied after mutation so that a checksum does not refuse the mutant before the parser proper sees it.
using Fixup = void (*)(Bytes& bytes);

void mutateSafetensorsHeader(Bytes& bytes, Rng& rng, const MutationContext& context);
void mutateZipEntry(Bytes& bytes, Rng& rng, const MutationContext& context);  // a stored entry, re-zipped
void mutateGzipText(Bytes& bytes, Rng& rng, const MutationContext& context);  // inflated, mutated, deflated again
void mutateOneFile(Bytes& bytes, Rng& rng, const MutationContext& context);  // one file of a multi-file input
void mutatePngChunk(Bytes& bytes, Rng& rng, const MutationContext& context);  // a chunk's data, length and CRC kept
void fixPngCrcs(Bytes& bytes);
void fixZipCrcs(Bytes& bytes);

// The zip helpers (stored entries only), exposed for the corpus generator.
struct ZipFile {
    std::string name;
    Bytes data;
};
// The entries of a zip by its central directory; false when it cannot be read that way.
bool readZip(const Bytes& zip, std::vector<ZipFile>& files);
Bytes writeZip(const std::vector<ZipFile>& files);

}  // namespace tastelab::fuzz
