// Precompiled for tastelab_model and its tests: the LibTorch headers every model file needs.
// Never include this from a header that Qt's moc reads.
#pragma once

#include <ATen/ATen.h>
#include <torch/nn.h>
#include <torch/optim.h>
#include <torch/serialize.h>
#include <torch/types.h>
#include <torch/utils.h>
