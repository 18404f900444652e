// Trains a tiny sentencepiece unigram model with T5's special ids (pad 0, eos 1, unk 2, no bos), for tests.
// A separate process on purpose: Debian's libsentencepiece bundles a protobuf that clashes with LibTorch's, and the
// trainer logs, which is unsafe where the library is dlopen'ed with RTLD_DEEPBIND (see
// model/tokenizers/sentencepiece_tokenizer.cpp).
// Usage: tastelab_spm_train_tool <corpus.txt> <model_prefix> <vocab_size> [extra --flag=value ...]
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::cerr << "usage: " << (argc > 0 ? argv[0] : "tastelab_spm_train_tool")
                  << " <corpus.txt> <model_prefix> <vocab_size> [--flag=value ...]\n";
        return 2;
    }
    char* end = nullptr;
    const long vocabSize = std::strtol(argv[3], &end, 10);
    if (end == argv[3] || *end != '\0' || vocabSize < 8) {
        std::cerr << "vocab_size must be an integer >= 8, not '" << argv[3] << "'\n";
        return 2;
    }
    std::string flags = std::string("--input=") + argv[1] + " --model_prefix=" + argv[2]
        + " --vocab_size=" + std::to_string(vocabSize)
        + " --model_type=unigram --pad_id=0 --eos_id=1 --unk_id=2 --bos_id=-1 --character_coverage=1.0"
          " --hard_vocab_limit=false --num_threads=1 --minloglevel=2";
    for (int i = 4; i < argc; ++i) flags += std::string(" ") + argv[i];
    const sentencepiece::util::Status status = sentencepiece::SentencePieceTrainer::Train(flags);
    if (!status.ok()) {
        std::cerr << "sentencepiece training failed: " << status.ToString() << "\n";
        return 1;
    }
    return 0;
}
