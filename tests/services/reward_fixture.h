// The fixture of the reward and steering service tests: the small demo workspace, built once per suite with no model
// (each test trains what it needs).
#pragma once

#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"

#include <gtest/gtest.h>

namespace tastelab::services {

class RewardServiceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new tastelab::testing::TempDir;
        tastelab::testing::buildSmallDemo(dir_->path() / "demo", 0);  // each test trains what it needs
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }
    static TrainOptions quick(int epochs = 8)
    {
        TrainOptions o;
        o.epochs = epochs;
        o.device = "cpu";
        return o;
    }
    Workspace open() { return Workspace::open(dir_->path() / "demo"); }

    static inline tastelab::testing::TempDir* dir_ = nullptr;
};

}  // namespace tastelab::services
