#!/usr/bin/python3
"""Plain PyTorch baseline for reward_bench: TasteLab's reward model and training loop as a researcher
would write them in Python.

The same network as RewardNetImpl in model/reward/reward_model.cpp (item tower, in-context encoder with an
attention-pooling query, preference prototypes and residual, learned person embeddings, population
vector, head with the bilinear affinity term, dropout 0.1), the same per-step sampling, the same five
losses and the same optimiser (AdamW, gradient-norm clip 5) and steps per epoch as trainRewardModel in
model/reward/reward_training.cpp. Sampling is done in Python with `random`; each batch is vectorised.

reward_bench writes the data (raw little-endian float32/int32 files and meta.json with the shapes
and the training settings) to a temporary folder and runs

    /usr/bin/python3 tests/bench/reward_train_baseline.py --data DIR --epochs N --threads T

The last line printed is `seconds=<float>`: the wall-clock training time (image statistics and all
epochs; loading the data is not counted).
"""
import argparse
import json
import math
import os
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class RewardNet(nn.Module):
    def __init__(self, image_dim, text_dim, hidden, prototypes, people, dropout):
        super().__init__()
        h = hidden
        self.hidden = h
        self.dropout = dropout
        self.register_buffer("image_mean", torch.zeros(image_dim))
        self.register_buffer("image_std", torch.ones(image_dim))
        self.item_image = nn.Linear(image_dim, h)
        self.item_prompt = nn.Linear(text_dim, h, bias=False) if text_dim > 0 else None
        self.item_norm = nn.LayerNorm(h)
        self.item_out = nn.Linear(h, h)
        self.population = nn.Parameter(torch.randn(h) * 0.1)
        self.person_embedding = nn.Parameter(torch.randn(people, h) * 0.1)
        self.context_token_in = nn.Linear(2 * h + 2, h)
        self.context_token_out = nn.Linear(h, h)
        self.context_pool_query = nn.Parameter(torch.randn(h) * 0.1)
        self.context_pool_key = nn.Linear(h, h)
        self.context_summary = nn.Linear(2 * h, h)
        self.context_summary_norm = nn.LayerNorm(h)
        self.context_mixture_query = nn.Linear(h, h)
        self.prototypes = nn.Parameter(torch.randn(prototypes, h) / math.sqrt(h))
        self.context_residual = nn.Linear(h, h)
        self.head_hidden = nn.Linear(3 * h, h)
        self.head_out = nn.Linear(h, 3)

    def items(self, images, prompts):
        x = self.item_image((images - self.image_mean) / self.image_std)
        if self.item_prompt is not None and prompts is not None:
            x = x + self.item_prompt(prompts)
        x = self.item_norm(F.gelu(x))
        x = F.dropout(x, self.dropout, self.training)
        return self.item_out(x)

    def context(self, images, prompts, values, mask):
        scale = 1.0 / math.sqrt(self.hidden)
        m = mask.float()
        count = m.sum(1, keepdim=True).clamp_min(1.0)
        h = self.items(images, prompts)
        mean = (values * m).sum(1, keepdim=True) / count
        centred = (values - mean) * 2.0 * m
        raw = (values - 0.5) * 2.0
        token_input = torch.cat([h, h * centred.unsqueeze(-1), raw.unsqueeze(-1), centred.unsqueeze(-1)], -1)
        tokens = self.context_token_out(F.gelu(self.context_token_in(token_input)))
        attention = torch.matmul(self.context_pool_key(tokens), self.context_pool_query) * scale
        attention = attention.masked_fill(~mask, -1e9).softmax(1)
        pooled = (attention.unsqueeze(-1) * tokens).sum(1)
        averaged = (tokens * m.unsqueeze(-1)).sum(1) / count
        query = self.context_summary_norm(self.context_summary(torch.cat([pooled, averaged], -1)))
        mixture = torch.matmul(self.context_mixture_query(query), self.prototypes.t()) * scale
        return torch.matmul(mixture.softmax(-1), self.prototypes) + self.context_residual(query)

    def head(self, items, person):
        p = person.expand_as(items)
        z = torch.cat([items * p, items, p], -1)
        out = self.head_out(F.gelu(self.head_hidden(z)))
        affinity = (items * p).sum(-1) / math.sqrt(self.hidden)
        return out[..., 0] + affinity, out[..., 1] + affinity, out[..., 2] - affinity


def masked_mean(loss, mask):
    m = mask.to(loss.dtype)
    return (loss * m).sum() / m.sum().clamp_min(1.0)


def pair_loss(logits, pair_mask):
    """Bradley-Terry over the ordered pairs (i, j) of each row where pair_mask says i is preferred."""
    return masked_mean(F.softplus(-(logits.unsqueeze(-1) - logits.unsqueeze(-2))), pair_mask)


def load(folder):
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)

    def read(name, dtype, shape):
        with open(os.path.join(folder, name), "rb") as f:
            return torch.frombuffer(bytearray(f.read()), dtype=dtype).view(*shape)

    images = read("images.f32", torch.float32, (meta["images"], meta["image_dim"]))
    prompts = read("prompts.f32", torch.float32, (meta["images"], meta["text_dim"])) if meta["text_dim"] else None
    n, c = meta["ratings"], meta["choices"]
    ratings = list(zip(read("rating_person.i32", torch.int32, (n,)).tolist(),
                       read("rating_image.i32", torch.int32, (n,)).tolist(),
                       read("rating_value.f32", torch.float32, (n,)).tolist()))
    choices = list(zip(read("choice_person.i32", torch.int32, (c,)).tolist(),
                       read("choice_winner.i32", torch.int32, (c,)).tolist(),
                       read("choice_loser.i32", torch.int32, (c,)).tolist()))
    return meta, images, prompts, ratings, choices


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    meta, images, prompts, ratings, choices = load(args.data)
    people = meta["people"]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)", flush=True)

    torch.manual_seed(meta["seed"])
    model = RewardNet(meta["image_dim"], meta["text_dim"], meta["hidden"], meta["prototypes"], people,
                      meta["dropout"])
    by_person = [[] for _ in range(people)]
    for row, (p, _, _) in enumerate(ratings):
        by_person[p].append(row)
    medians = []
    for rows in by_person:
        values = sorted(ratings[r][2] for r in rows)
        k = len(values)
        medians.append(0.5 if k == 0 else values[k // 2] if k % 2 else 0.5 * (values[k // 2 - 1] + values[k // 2]))

    start = time.perf_counter()
    used = sorted({r[1] for r in ratings} | {c[1] for c in choices} | {c[2] for c in choices})
    trained = images[torch.tensor(used)]
    with torch.no_grad():
        model.image_mean.copy_(trained.mean(0))
        model.image_std.copy_((trained.std(0) + 1e-3).clamp_min(1e-6))

    rng = random.Random(meta["seed"])
    torch.manual_seed(meta["seed"])
    eligible = [p for p in range(people) if len(by_person[p]) >= 2]
    weights = [len(by_person[p]) for p in eligible]
    optimizer = torch.optim.AdamW(model.parameters(), lr=meta["learning_rate"], weight_decay=meta["weight_decay"])
    B, T, max_refs = meta["people_per_batch"], meta["targets_per_person"], meta["max_references"]
    batch_answers = B * T
    steps = max(1, (len(ratings) + len(choices) // 2 + batch_answers - 1) // batch_answers)
    # Choices in proportion to their share of the answers, as TasteLab samples them.
    choice_batch = batch_answers if not ratings else min(batch_answers, max(8, round(batch_answers * len(choices) / len(ratings))))
    p_embedding, p_drop, margin = meta["embedding_probability"], meta["person_dropout"], meta["pair_margin"]
    best_loss, best_state = float("inf"), None

    for epoch in range(1, args.epochs + 1):
        model.train()
        loss_sum = 0.0
        for _ in range(steps):
            # Sampling: people weighted by their number of answers, disjoint targets and references.
            chosen = rng.choices(eligible, weights=weights, k=B)
            picks = []
            for p in chosen:
                count = len(by_person[p])
                n_targets = min(T, max(1, count // 2))
                available = count - n_targets
                n_refs = 1 + rng.randrange(min(max_refs, available)) if available > 0 else 0
                picks.append((rng.sample(by_person[p], n_targets + n_refs), n_targets, n_refs))
            R = max([1] + [n for _, _, n in picks])
            t_image, t_value, t_mask = [0] * (B * T), [0.5] * (B * T), [False] * (B * T)
            liked, disliked = [False] * (B * T), [False] * (B * T)
            r_image, r_value, r_mask = [0] * (B * R), [0.5] * (B * R), [False] * (B * R)
            use_embedding, drop_person = [], []
            for b, (rows, n_targets, n_refs) in enumerate(picks):
                med = medians[chosen[b]]
                for t in range(n_targets):
                    _, image, value = ratings[rows[t]]
                    i = b * T + t
                    t_image[i], t_value[i], t_mask[i] = image, value, True
                    liked[i], disliked[i] = value > med, value < med
                for t in range(n_refs):
                    _, image, value = ratings[rows[n_targets + t]]
                    i = b * R + t
                    r_image[i], r_value[i], r_mask[i] = image, value, True
                use_embedding.append(n_refs == 0 or rng.random() < p_embedding)
                drop_person.append(rng.random() < p_drop)

            t_index = torch.tensor(t_image).view(B, T)
            t_val = torch.tensor(t_value).view(B, T)
            t_msk = torch.tensor(t_mask).view(B, T)
            r_index = torch.tensor(r_image).view(B, R)
            items = model.items(images[t_index], prompts[t_index] if prompts is not None else None)
            context = model.context(images[r_index], prompts[r_index] if prompts is not None else None,
                                    torch.tensor(r_value).view(B, R), torch.tensor(r_mask).view(B, R))
            embedding = model.person_embedding[torch.tensor(chosen)]
            person = torch.where(torch.tensor(use_embedding).view(B, 1), embedding, context)
            person = torch.where(torch.tensor(drop_person).view(B, 1), model.population.expand_as(person), person)
            score, like, dislike = model.head(items, person.unsqueeze(1))

            regression = masked_mean((score.sigmoid() - t_val).square(), t_msk)
            both = t_msk.unsqueeze(-1) & t_msk.unsqueeze(-2)
            rating_pairs = pair_loss(score, ((t_val.unsqueeze(-1) - t_val.unsqueeze(-2)) > margin) & both)
            liked_mask = torch.tensor(liked).view(B, T)
            disliked_mask = torch.tensor(disliked).view(B, T)
            m = like - dislike
            base = 0.5 * (masked_mean(F.softplus(-m), liked_mask) + masked_mean(F.softplus(m), disliked_mask))
            pairs = liked_mask.unsqueeze(-1) & disliked_mask.unsqueeze(-2)
            contrastive = pair_loss(like, pairs) + pair_loss(-dislike, pairs)

            # Pairwise choices by the learned embeddings.
            sampled = [choices[rng.randrange(len(choices))] for _ in range(choice_batch)]
            who, winner, loser = (torch.tensor(column) for column in zip(*sampled))
            chooser = model.person_embedding[who]
            sw = model.head(model.items(images[winner], prompts[winner] if prompts is not None else None), chooser)[0]
            sl = model.head(model.items(images[loser], prompts[loser] if prompts is not None else None), chooser)[0]
            choice_loss = F.softplus(sl - sw).mean()

            loss = regression + rating_pairs + base + contrastive + choice_loss
            value = loss.item()
            if not math.isfinite(value):
                raise SystemExit(f"loss became {value} at epoch {epoch}")
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            loss_sum += value
        model.eval()
        train_loss = loss_sum / steps
        if train_loss < best_loss - 1e-6:
            best_loss = train_loss
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        print(f"epoch {epoch}: train loss {train_loss:.4f} at {time.perf_counter() - start:.2f} s", flush=True)
    model.load_state_dict(best_state)
    print(f"seconds={time.perf_counter() - start:.4f}", flush=True)


if __name__ == "__main__":
    main()
