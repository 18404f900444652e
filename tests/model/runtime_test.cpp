// Device selection and the runtime facts printed by --version.
#include "model/nn/runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace tastelab::model;
using ::testing::HasSubstr;

TEST(Runtime, ReportsTheLibTorchItWasBuiltAgainst)
{
    // TASTELAB_EXPECTED_TORCH_VERSION comes from CMake's TorchConfigVersion, not from the headers.
    EXPECT_THAT(torchVersion(), ::testing::StartsWith(TASTELAB_EXPECTED_TORCH_MAJOR_MINOR));
}

TEST(Runtime, CpuIsAlwaysAvailable)
{
    EXPECT_EQ(resolveDevice("cpu"), c10::Device(c10::DeviceType::CPU));
}

TEST(Runtime, AutoPicksTheGpuOnlyWhenThereIsOne)
{
    const c10::Device device = resolveDevice("auto");
    if (cudaDeviceCount() > 0) {
        EXPECT_TRUE(device.is_cuda());
    } else {
        EXPECT_TRUE(device.is_cpu());
    }
    EXPECT_EQ(resolveDevice(""), device);
}

TEST(Runtime, CudaSummaryAgreesWithTheBuild)
{
    if (!cudaCompiledIn()) {
        EXPECT_EQ(cudaSummary(), "not compiled in");
        EXPECT_EQ(cudaDeviceCount(), 0);
    } else if (cudaDeviceCount() == 0) {
        EXPECT_EQ(cudaSummary(), "compiled in, no GPU found");
    } else {
        EXPECT_THAT(cudaSummary(), HasSubstr("GPU(s)"));
    }
}

TEST(Runtime, MissingGpuIsAClearError)
{
    const std::string beyond = "cuda:" + std::to_string(cudaDeviceCount());
    try {
        resolveDevice(beyond);
        FAIL() << beyond << " should not resolve";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr(beyond));
        EXPECT_THAT(e.what(), HasSubstr("not available"));
    }
}

TEST(Runtime, MalformedDeviceNamesAreRejected)
{
    for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda0", "cuda:-1", "CPU"}) {
        EXPECT_THROW(resolveDevice(bad), std::invalid_argument) << bad;
    }
}

TEST(Runtime, CudaFromACpuOnlyLibTorchNamesTheLibTorchAndTheWayOut)
{
    if (cudaCompiledIn()) GTEST_SKIP() << "this LibTorch has CUDA (" << libtorchDescription() << ")";
    EXPECT_EQ(libtorchDescription(), "LibTorch " + torchVersion() + ", CPU only");
    for (const char* asked : {"cuda", "cuda:0"}) {
        try {
            resolveDevice(asked);
            FAIL() << asked << " should not resolve on a CPU-only LibTorch";
        } catch (const std::invalid_argument& e) {
            EXPECT_THAT(e.what(), HasSubstr(std::string("device '") + asked + "' is not available"));
            EXPECT_THAT(e.what(), HasSubstr(libtorchDescription()));
            EXPECT_THAT(e.what(), HasSubstr("--device cpu"));
        }
    }
}

// The precision policy: the reference implementations' dtypes on CUDA, float32 everywhere on the CPU.
TEST(Runtime, PrecisionPerModelFollowsTheReferenceOnCudaAndIsFloat32OnTheCpu)
{
    const c10::Device cpu(c10::DeviceType::CPU);
    const c10::Device cuda(c10::DeviceType::CUDA, 0);  // a value only: nothing runs on it
    for (const ModelRole role :
        {ModelRole::SdTurboUnet, ModelRole::SdTurboVae, ModelRole::Flux, ModelRole::Backbone, ModelRole::RewardModel}) {
        EXPECT_EQ(precisionFor(role, cpu), c10::ScalarType::Float);
    }
    EXPECT_EQ(precisionFor(ModelRole::SdTurboUnet, cuda), c10::ScalarType::Half);
    EXPECT_EQ(precisionFor(ModelRole::SdTurboVae, cuda), c10::ScalarType::Float);
    EXPECT_EQ(precisionFor(ModelRole::Flux, cuda), c10::ScalarType::BFloat16);
    EXPECT_EQ(precisionFor(ModelRole::Backbone, cuda), c10::ScalarType::Float);
    EXPECT_EQ(precisionFor(ModelRole::RewardModel, cuda), c10::ScalarType::Float);
    EXPECT_EQ(deviceDescription(cpu), "cpu");
    EXPECT_THAT(deviceDescription(cuda), ::testing::StartsWith("cuda:0 (LibTorch "));
}
