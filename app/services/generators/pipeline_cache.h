// A small cache of loaded diffusion pipelines, one per generator that loads them.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::services {

// Loaded diffusion pipelines, newest last; several GB each, so only the last two are kept.
template <typename Pipeline>
class PipelineCache {
public:
    template <typename Load>
    std::shared_ptr<const Pipeline> get(const std::filesystem::path& folder, const std::string& variant, Load load)
    {
        std::error_code ec;
        const std::filesystem::path canonical = std::filesystem::weakly_canonical(folder, ec);
        const std::string key = (ec ? folder : canonical).string() + "|" + variant;
        // Held while loading: a second caller for the same folder waits for this load instead of starting its own.
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [cachedKey, pipeline] : entries_) {
            if (cachedKey == key) return pipeline;
        }
        auto pipeline = std::make_shared<const Pipeline>(load());
        entries_.emplace_back(key, pipeline);
        if (entries_.size() > kCapacity) entries_.erase(entries_.begin());
        return pipeline;
    }

    void clear()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        entries_.clear();
    }

private:
    static constexpr std::size_t kCapacity = 2;
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::shared_ptr<const Pipeline>>> entries_;
};

}  // namespace tastelab::services
