// Compiled core of the readings search: a line-for-line port of transforms/readings.py `_Search`.
//
// The Python class stays the reference: this port visits the same states in the same order, counts
// the same search steps against the budget and finds the same readings in the same order, so
// every status and value is identical (tests/transforms/test_native_search.py compares the two).
// Only integers and small vectors are involved; the Python objects are built once per row at the end.

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace {

using i64 = int64_t;

constexpr int NUM = 0, EMPTY = 1, MARK = 2;                                    // field kinds
constexpr int FIELD = 0, BLANK = 1, VANISH = 2, COPY = 3, FORCED = 4, MARKED = 5;  // sources
constexpr int Q_EXEC[4] = {26, 28, 30, 32};
constexpr int N_SLOTS = 35, TOTAL_PROG = 33, TOTAL_EXEC = 34;
constexpr int Q_PROG[4] = {25, 27, 29, 31};
constexpr i64 NONE = INT64_MIN;  // None: inactive or footnote-only slot
constexpr int SOURCE_OF[3] = {FIELD, BLANK, MARKED};

struct OverBudget {};

struct Layout {
  std::vector<int> order, targets, target_of, gap, free_empties, q_exec, total_of, mirror_a, mirror_b;
  std::vector<int> partner;        // per position: an executed month's programmed month, -1 elsewhere
  std::vector<int> quarter_pairs;  // per active executed quarter: targets of its two cells, its last month
  std::vector<int> mate;           // per slot: a programmed quarter cell's executed one, -1 elsewhere
  std::vector<int> group_starts;   // per month group, in the order months() reads them: its last month's position
  std::vector<int> group_slots;    // per month group, in that order: its quarter cell (derived from group_starts)
  std::vector<char> opens, closes;
  int first_tail = 0;
};

struct Params {
  int vanish = 0, vanish_dense = 0, extra_empty = 0, copy = 0, stray = 0, forced = 0, mirror = 0, violation = 0;
  std::vector<int> forced_limits;  // per pass at a cap, in order: forced values a reading may have
  std::vector<int> caps;
};

constexpr int MAX_MONTHS = 25;  // positions before the first quarter cell: META, 12 + 12 months
constexpr int MAX_TAIL = 10;    // quarter cells (4 + 4) and the two totals
constexpr int MAX_TARGETS = 9;
constexpr size_t KEEP_BYTES = size_t{128} << 20;  // search buffers kept between rows
constexpr i64 MAX_VALUE = 1 << 26;  // field values; a solved total (four quarters) still fits 32 bits
constexpr int MAX_FIELDS = 128;  // skipped fields are a 128-bit set; longer rows use the Python engine

inline uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Extends the hash of a sequence by one value: one multiply (the tables mix() it once, to probe).
inline uint64_t combine(uint64_t h, i64 x) { return (h + static_cast<uint64_t>(x)) * 0x9E3779B97F4A7C15ULL + 1; }

// Reallocates a table of slots far larger than `used` entries need (the fresh slots are stale).
template <class Slot>
void shrink_to(size_t used, std::vector<Slot>& slots) {
  size_t want = 64;
  while (want < 4 * used) want *= 2;
  if (slots.size() > 4 * want) std::vector<Slot>(want).swap(slots);
}

// Open-addressing hash map (linear probing) for fixed-size keys; callers pass the key's hash. The
// table holds hashes and values only (a few slots to a cache line); the keys sit in insertion order
// beside it, read only when the hashes match. clear() is O(1): a slot belongs to the map only when
// it carries the current generation.
template <class K, class V>
class SlimMap {
 public:
  SlimMap() { slots_.resize(64); }

  V& upsert(const K& k, uint64_t h, const V& init, bool& inserted) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t j = mix(h) & mask;; j = (j + 1) & mask) {
      Slot& s = slots_[j];
      if (s.gen != gen_) {
        s = Slot{h, gen_, static_cast<uint32_t>(keys_.size()), init};
        keys_.push_back(k);
        inserted = true;
        return s.val;
      }
      if (s.h == h && keys_[s.idx] == k) {
        inserted = false;
        return s.val;
      }
    }
  }

  V* find(const K& k, uint64_t h) {
    size_t mask = slots_.size() - 1;
    for (size_t j = mix(h) & mask;; j = (j + 1) & mask) {
      Slot& s = slots_[j];
      if (s.gen != gen_) return nullptr;
      if (s.h == h && keys_[s.idx] == k) return &s.val;
    }
  }

  size_t bytes() const { return slots_.capacity() * sizeof(Slot) + keys_.capacity() * sizeof(K); }

  void clear() {
    shrink_to(keys_.size(), slots_);  // a small row after a large one probes a small, cached table
    keys_.clear();
    if (++gen_ == 0) {
      for (Slot& s : slots_) s.gen = 0;
      gen_ = 1;
    }
  }

 private:
  struct Slot {
    uint64_t h = 0;
    uint32_t gen = 0;
    uint32_t idx = 0;
    V val{};
  };
  std::vector<Slot> slots_;
  std::vector<K> keys_;
  uint32_t gen_ = 1;

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (Slot& s : old) {
      if (s.gen != gen_) continue;
      size_t j = mix(s.h) & mask;
      while (slots_[j].gen == gen_) j = (j + 1) & mask;
      slots_[j] = s;
    }
  }
};

// (i, p, may_skip, ran, forced) and the tail values read so far.
struct TailKey {
  i64 head;
  int len;
  int32_t v[MAX_TAIL];  // the glue sends rows with larger values to the Python engine
  bool operator==(const TailKey& o) const {
    if (head != o.head || len != o.len) return false;
    for (int j = 0; j < len; ++j)
      if (v[j] != o.v[j]) return false;
    return true;
  }
};

// (targets id, i, p, may_skip, ran, fu) and the partial sum of the month group.
struct MKey {
  uint64_t packed;
  i64 partial;
  bool operator==(const MKey& o) const { return packed == o.packed && partial == o.partial; }
};

struct Targets {
  int len;
  i64 v[MAX_TARGETS];
  bool operator==(const Targets& o) const {
    if (len != o.len) return false;
    for (int j = 0; j < len; ++j)
      if (v[j] != o.v[j]) return false;
    return true;
  }
};

struct Values35 {
  i64 v[N_SLOTS];
  bool operator==(const Values35& o) const { return std::equal(v, v + N_SLOTS, o.v); }
};

// One distinct completion of the months: values and sources of positions 0..len-1, skipped fields.
struct Comp {
  int cost;
  int len;
  uint64_t hash;     // of vals[0..len)
  uint64_t skip[2];  // set of skipped field positions
  int32_t vals[MAX_MONTHS];  // the glue keeps values (and so their sums) inside 32 bits
  signed char srcs[MAX_MONTHS];
};

// Every memoised completion, in fixed chunks: growing never copies (or doubles) what is stored.
class Arena {
 public:
  const Comp& operator[](size_t i) const { return chunks_[i / CHUNK][i % CHUNK]; }
  Comp& operator[](size_t i) { return chunks_[i / CHUNK][i % CHUNK]; }
  size_t size() const { return size_; }
  size_t bytes() const { return chunks_.size() * CHUNK * sizeof(Comp); }
  void clear() { size_ = 0; }
  void push_back(const Comp& c) { emplace_back() = c; }

  // A new last entry, filled in place (entries already stored never move).
  Comp& emplace_back() {
    if (size_ == chunks_.size() * CHUNK) chunks_.emplace_back(new Comp[CHUNK]);
    size_t at = size_++;
    return chunks_[at / CHUNK][at % CHUNK];
  }

 private:
  static constexpr size_t CHUNK = 4096;
  std::vector<std::unique_ptr<Comp[]>> chunks_;
  size_t size_ = 0;
};

// The distinct completions of one months() state, stored in arena_ from `start` on: a table of
// their indices by hash of their values.
struct Built {
  std::vector<int32_t> table;
  size_t used = 0;

  void reset() {
    used = 0;
    if (table.size() != 16) table.assign(16, -1);
    else std::fill(table.begin(), table.end(), -1);
  }

  size_t bytes() const { return table.capacity() * sizeof(int32_t); }

  // The completion whose values are vals[0..len), then `last` when `append`: found, or a new entry of
  // `arena` with len -1 for the caller to fill (hash included) before the next call.
  Comp& find_or_add(Arena& arena, uint32_t start, uint64_t hash, const int32_t* vals, int len, bool append, i64 last) {
    if ((used + 1) * 2 > table.size()) rehash(arena, start, table.size() * 2);
    size_t mask = table.size() - 1;
    for (size_t j = mix(hash) & mask;; j = (j + 1) & mask) {
      int32_t idx = table[j];
      if (idx < 0) {
        table[j] = static_cast<int32_t>(used++);
        Comp& c = arena.emplace_back();
        c.len = -1;
        return c;
      }
      Comp& o = arena[start + idx];
      if (o.hash == hash && o.len == len + append && std::equal(vals, vals + len, o.vals) &&
          (!append || o.vals[len] == last))
        return o;
    }
  }

 private:
  void rehash(const Arena& arena, uint32_t start, size_t size) {
    table.assign(size, -1);
    size_t mask = size - 1;
    for (size_t k = 0; k < used; ++k) {
      size_t j = mix(arena[start + k].hash) & mask;
      while (table[j] >= 0) j = (j + 1) & mask;
      table[j] = static_cast<int32_t>(k);
    }
  }
};

struct MemoEntry {
  int allowed;
  uint32_t start, count;  // completions: arena_[start .. start + count)
};

struct Found {
  int cost;   // edit points
  int score;  // edit points plus mirror evidence (set when the search ends)
  Values35 values;
  std::vector<int> sources;
  std::vector<int> skipped;
};

struct Option {
  i64 value;
  int source, cost, next;
};

inline void add_skip(uint64_t* skip, int f) { skip[f >> 6] |= uint64_t{1} << (f & 63); }

class Search {
 public:
  // Start a new row; the containers keep their capacity from row to row.
  void reset(const std::vector<int>& kinds, const std::vector<i64>& vals, const Layout& lay, const Params& P,
             bool relaxed) {
    kinds_ = kinds;
    vals_ = vals;
    lay_ = &lay;
    P_ = &P;
    relaxed_ = relaxed;
    m_ = static_cast<int>(kinds_.size());
    n_ = static_cast<int>(lay.order.size());
    bool any_blank = std::any_of(kinds_.begin(), kinds_.end(), [](int k) { return k != NUM; });
    vanish_ = any_blank ? P.vanish : P.vanish_dense;
    min_edit_ = std::min({P.vanish, P.extra_empty, P.copy, P.stray, P.forced});
    skip_of_.clear();
    skip_cost_.assign(1, 0);
    empties_.assign(1, 0);
    for (int k : kinds_) {
      int c = k == NUM ? P.stray : P.extra_empty;
      skip_of_.push_back(c);
      skip_cost_.push_back(skip_cost_.back() + c);
      empties_.push_back(empties_.back() + (k != NUM));
    }
    target_ids_.clear();
    floors_.clear();
    month_chains_.clear();
    chain_ids_.clear();
    steps_.clear();
    chain_data_.clear();
    chain_info_.clear();
    metas_.clear();
    transfer_ids_.clear();
    tr_start_.clear();
    tr_ends_.clear();
    memo_.clear();
    found_index_.clear();
    found.clear();
    arena_.clear();
    n_targets_ = 0;
    group_.clear();
  }

  long nodes = 0;
  std::vector<Found> found;

  // Readings scoring up to `cap` with at most `max_forced` forced values, and at least `min_forced` (a
  // bound only: a pass that may take more than the pass before at the same cap, which found nothing).
  void run(int cap, long nodes_left, int max_forced, int min_forced) {
    cap_ = cap;
    max_forced_ = max_forced;
    min_forced_ = min_forced;
    nodes = 0;
    nodes_left_ = nodes_left;
    seen_.clear();
    sums_[0] = sums_[1] = 0;
    quarter_mirror_ = 0;
    read_sums_.len = static_cast<int>(lay_->group_slots.size()) + 1;
    std::fill(read_sums_.v, read_sums_.v + read_sums_.len - 1, UNKNOWN);
    read_sums_.v[read_sums_.len - 1] = -1;
    read_chain_ = -1;
    std::fill(std::begin(has_slot_), std::end(has_slot_), 0);
    skipped_.clear();
    tail(n_ - 1, m_, true, false, 0, 0);  // no forced slot yet
  }

  // Bytes held by the buffers kept from row to row.
  size_t footprint() const {
    size_t n = seen_.bytes() + memo_.bytes() + target_ids_.bytes() + found_index_.bytes();
    n += arena_.bytes() + floors_.capacity() * sizeof(floors_[0]) + month_chains_.capacity() * sizeof(month_chains_[0]);
    n += chain_ids_.bytes() + steps_.bytes() + chain_data_.capacity() * sizeof(int);
    n += chain_info_.capacity() * sizeof(Chain);
    n += transfer_ids_.bytes() + tr_start_.capacity() * sizeof(int) + tr_ends_.capacity() * sizeof(tr_ends_[0]);
    n += parts_.capacity() * sizeof(Part) + built_.bytes();
    return n;
  }

  int mirror_cost(const Values35& values) const {
    int n = 0;
    for (size_t j = 0; j < lay_->mirror_a.size(); ++j) n += values.v[lay_->mirror_a[j]] != values.v[lay_->mirror_b[j]];
    return P_->mirror * n;
  }

 private:
  std::vector<int> kinds_;
  std::vector<i64> vals_;
  const Layout* lay_ = nullptr;
  const Params* P_ = nullptr;
  bool relaxed_;
  int m_ = 0, n_ = 0, vanish_ = 0, min_edit_ = 0, cap_ = 0, max_forced_ = 1, min_forced_ = 0;
  long nodes_left_ = 0;
  std::vector<int> skip_of_, skip_cost_, empties_;
  // Per field position: (sum, end position, fewest edit points) of a month group's readings without
  // a forced value, below a forced value's cost; empty until first needed.
  struct GroupEnd {
    i64 sum;
    int end, cost;
  };
  std::vector<std::vector<GroupEnd>> group_;
  struct SumKey {
    i64 v;
    bool operator==(const SumKey& o) const { return v == o.v; }
  };
  SlimMap<SumKey, int> transfer_ids_;        // transfer() per sum
  std::vector<int> tr_start_;                // transfer(): per transfer and position, where its ends start
  std::vector<std::pair<int, int>> tr_ends_;  // transfer(): (end position, fewest edit points)
  static constexpr i64 UNKNOWN = -2;  // chain(): a month group's sum not read yet
  SlimMap<Targets, int> chain_ids_;  // chain() per sums: its id
  std::vector<int> chain_data_;
  std::vector<std::array<int, MAX_MONTHS>> month_chains_;  // per targets id and month position: chain() or -1
  SlimMap<TailKey, int> seen_;
  i64 sums_[2] = {0, 0};  // quarter cells read so far, per total (forced ones left out)
  int quarter_mirror_ = 0;  // MIRROR per quarter whose programmed and executed cells read so far differ
  Targets read_sums_;    // the month groups' sums the tail has read (UNKNOWN: not yet), then total programmed (or -1)
  int read_chain_ = -1;  // chain() of what read_sums_ knows, -1 while it knows nothing, STALE until needed
  // How read_sums_ last changed (while read_chain_ is STALE): the chain before, the index set, its value.
  struct Step {
    int from, index;
    i64 value;
    bool operator==(const Step& o) const { return from == o.from && index == o.index && value == o.value; }
  };
  Step step_{};
  SlimMap<Step, int> steps_;  // the chain each Step leads to (a chain id stands for its sums all row long)
  static constexpr int STALE = -2;
  std::vector<std::pair<i64, int>> metas_;  // meta_from() per total programmed
  i64 slot_val_[N_SLOTS] = {};
  uint64_t tail_hash_[N_SLOTS + 1] = {};  // [i]: hash of the values read at positions n-1 .. i
  int slot_src_[N_SLOTS] = {};
  char has_slot_[N_SLOTS] = {};
  std::vector<int> skipped_;
  SlimMap<Targets, int> target_ids_;
  std::vector<std::array<int, MAX_MONTHS>> floors_;  // per targets id: least mirror evidence of months 0..i
  SlimMap<MKey, MemoEntry> memo_;
  Arena arena_;                 // every memoised completion
  // A sub-state's completions and what reading this position adds to them (source -1: a skipped field).
  struct Part {
    MemoEntry sub;
    i64 value;
    int spend, source;
  };
  std::vector<Part> parts_;  // months(): sub-states of the states being built, innermost last
  Built built_;              // months(): the completions of the state being built
  SlimMap<Values35, size_t> found_index_;

  void step() {
    if (++nodes > nodes_left_) throw OverBudget{};
  }

  // Edit points of the forced values a reading must still take, having taken `used`.
  int owed(int used) const { return std::max(0, min_forced_ - used) * P_->forced; }

  int lower_bound(int i, int p) const {
    int fieldless = i + 1 - p;
    if (fieldless > 0) return p == m_ ? 0 : fieldless * min_edit_;
    int extra = -fieldless;
    int fe = i >= 0 ? lay_->free_empties[i] : 0;
    int free_ = std::min({extra, empties_[p], fe});
    extra -= free_;
    int empties = empties_[p] - free_;
    int empty = std::min(extra, empties);
    return empty * P_->extra_empty + (extra - empty) * P_->stray;
  }

  // Every reading of a month group without a forced value, as months() reads the first one (same
  // options; the most permissive flags at the start), into best (sum, end position, fewest edit points).
  void walk_group(std::vector<GroupEnd>& best, int i, int p, bool may_skip, bool ran, int cost, i64 total) const {
    if (cost >= P_->forced) return;
    if (i < lay_->first_tail - 3) {
      for (auto& b : best)
        if (b.sum == total && b.end == p) {
          b.cost = std::min(b.cost, cost);
          return;
        }
      best.push_back(GroupEnd{total, p, cost});
      return;
    }
    Option opts[5];
    int n_opts = options(p, ran, false, opts);
    for (int o = 0; o < n_opts; ++o) {
      const Option& op = opts[o];
      bool took = op.source == FIELD || op.source == BLANK || op.source == MARKED;
      int low = lay_->gap[i] ? after_low(i, op.next) : op.next;
      for (int nxt = op.next; nxt >= low; --nxt)
        walk_group(best, i - 1, nxt, took, took, cost + op.cost, total + op.value);
    }
    if (may_skip && p > 0) walk_group(best, i, p - 1, true, ran, cost + skip_of_[p - 1], total);
  }

  // Per field position p (chain id; chain_at() reads it): least edit points of the first month groups read
  // from fields 0..p-1 when they must sum to sums[0..len-1) (in the order months() reads them; UNKNOWN:
  // a sum not known yet), then of META ANUAL read as sums[len-1] when that is not -1 (the groups are
  // then all of them). A group that cannot reach its sum below a forced value's cost needs one, and
  // may then end anywhere.
  int chain(const Targets& sums) {
    uint64_t hashes[MAX_TARGETS + 1];  // [k]: of sums[k..len), so that the chains of the rest reuse it
    hashes[sums.len] = 0;
    for (int k = sums.len - 1; k >= 0; --k) hashes[k] = combine(hashes[k + 1], sums.v[k]);
    return chain(sums, hashes);
  }

  int chain(const Targets& sums, const uint64_t* hashes) {
    uint64_t h = hashes[0];
    if (int* hit = chain_ids_.find(sums, h)) return *hit;
    if (group_.empty()) {
      group_.resize(m_ + 1);
      for (int q = 0; q <= m_; ++q) {
        walk_group(group_[q], lay_->first_tail - 1, q, true, true, 0, 0);
        std::sort(group_[q].begin(), group_[q].end(), [](const GroupEnd& a, const GroupEnd& b) { return a.sum < b.sum; });
      }
    }
    int rest = -1;  // what follows the first group: a chain id, -1 for nothing
    if (sums.len > 2) {
      Targets tail_sums;
      tail_sums.len = sums.len - 1;
      std::copy(sums.v + 1, sums.v + sums.len, tail_sums.v);
      rest = chain(tail_sums, hashes + 1);
    } else if (sums.v[1] >= 0) {
      rest = meta_from(sums.v[1]);
    }
    int id = new_chain(rest, transfer(sums.v[0]));
    bool inserted;
    chain_ids_.upsert(sums, h, id, inserted);
    return id;
  }

  // A chain's values are computed from position 0 up as far as they are first read (chain_at()).
  struct Chain {
    int data;      // its m + 1 values: chain_data_[data ..]
    int rest;      // the chain of what follows its first group (-1: nothing); -1 for META ANUAL's
    int transfer;  // its first group's transfer()
    int done;      // positions computed so far
    int low;       // least of the rest's values over those positions
  };
  std::vector<Chain> chain_info_;

  int new_chain(int rest, int transfer) {
    chain_info_.push_back(Chain{static_cast<int>(chain_data_.size()), rest, transfer, 0, 1 << 30});
    chain_data_.resize(chain_data_.size() + m_ + 1);
    return static_cast<int>(chain_info_.size()) - 1;
  }

  // The values of chain `id` (a pointer valid until the next chain is made), computed up to position p.
  const int* chain_at(int id, int p) {
    if (chain_info_[id].done <= p) extend(id, p);
    return &chain_data_[chain_info_[id].data];
  }

  void extend(int id, int p) {
    Chain c = chain_info_[id];
    const int* rest = c.rest >= 0 ? chain_at(c.rest, p) : nullptr;
    int* out = &chain_data_[c.data];
    int low = c.low;
    for (int q = c.done; q <= p; ++q) {
      low = std::min(low, rest ? rest[q] : 0);  // the rest read from any position up to q
      int best = P_->forced + low;
      for (int k = tr_start_[c.transfer + q]; k < tr_start_[c.transfer + q + 1]; ++k) {
        const auto& [end, cost] = tr_ends_[k];
        best = std::min(best, cost + (rest ? rest[end] : 0));
      }
      out[q] = best;
    }
    chain_info_[id].done = p + 1;
    chain_info_[id].low = low;
  }

  // Where a month group read from each field position can end when it sums to `sum` (UNKNOWN: to
  // anything), with the fewest edit points each end needs: positions p's (end, cost) pairs are
  // tr_ends_[tr_start_[t + p] .. tr_start_[t + p + 1]) for the returned t.
  int transfer(i64 sum) {
    SumKey key{sum};
    uint64_t h = static_cast<uint64_t>(sum);
    if (int* hit = transfer_ids_.find(key, h)) return *hit;
    int t = static_cast<int>(tr_start_.size());
    for (int p = 0; p <= m_; ++p) {
      tr_start_.push_back(static_cast<int>(tr_ends_.size()));
      const std::vector<GroupEnd>& ends = group_[p];  // sorted by sum
      auto b = sum == UNKNOWN ? ends.begin()
                              : std::lower_bound(ends.begin(), ends.end(), sum,
                                                 [](const GroupEnd& e, i64 v) { return e.sum < v; });
      for (; b != ends.end() && (sum == UNKNOWN || b->sum == sum); ++b) {
        auto first = tr_ends_.begin() + tr_start_.back();
        auto same = std::find_if(first, tr_ends_.end(), [&](const std::pair<int, int>& e) { return e.first == b->end; });
        if (same == tr_ends_.end()) tr_ends_.emplace_back(b->end, b->cost);
        else same->second = std::min(same->second, b->cost);
      }
    }
    tr_start_.push_back(static_cast<int>(tr_ends_.size()));
    bool inserted;
    transfer_ids_.upsert(key, h, t, inserted);
    return t;
  }

  // Per field position e (a chain id): least edit points of META ANUAL read as `tp` (total
  // programmed) from fields 0..e-1, as months() reads it (the most permissive flags), the fields left
  // of it skipped.
  int meta_from(i64 tp) {
    for (const auto& known : metas_)
      if (known.first == tp) return known.second;
    int id = new_chain(-1, -1);
    chain_info_[id].done = m_ + 1;
    int at = chain_info_[id].data;
    Option opts[5];
    for (int e = 0; e <= m_; ++e) {
      int best = P_->forced + skip_cost_[e];  // solved from its identity
      int n_opts = options(e, true, false, opts);
      for (int o = 0; o < n_opts; ++o)
        if (opts[o].value == tp) best = std::min(best, opts[o].cost + skip_cost_[opts[o].next]);
      if (e > 0) best = std::min(best, skip_of_[e - 1] + chain_data_[at + e - 1]);  // the field before it skipped
      chain_data_[at + e] = best;
    }
    metas_.emplace_back(tp, id);
    return id;
  }

  // Per month position: chain() of the month groups from there on and META ANUAL where a group's last
  // month (first met) sits, -1 elsewhere (and everywhere in the relaxed search).
  std::array<int, MAX_MONTHS> month_chains(const Targets& targets) {
    std::array<int, MAX_MONTHS> out;
    out.fill(-1);
    if (relaxed_) return out;
    const std::vector<int>& starts = lay_->group_starts;
    int n_starts = static_cast<int>(starts.size());
    for (int j = 0; j < n_starts; ++j) {
      Targets sums;
      sums.len = n_starts - j + 1;
      for (int k = j; k < n_starts; ++k) sums.v[k - j] = targets.v[lay_->target_of[starts[k]]];
      sums.v[sums.len - 1] = targets.v[targets.len - 1];  // META ANUAL = total programmed
      out[starts[j]] = chain(sums);
    }
    return out;
  }

  // Least edit points for tail slots first_tail..i and the first month groups from fields 0..p-1:
  // the tail slots left take fields pb..p-1 (fields over: numbers skipped; slots over: the cheapest
  // edit each), then the groups read right to left from pb (chain `groups`).
  int group_bound(int i, int p, int groups) {
    const int* chain = chain_at(groups, p);
    int k = i - lay_->first_tail + 1;  // tail slots left
    int best = 1 << 30;
    for (int pb = p; pb >= 0; --pb) {
      int f = p - pb, cost;
      if (f < k) {
        cost = (k - f) * min_edit_;
      } else {
        cost = std::max(0, f - k - (empties_[p] - empties_[pb])) * P_->stray;
        if (cost >= best) break;
      }
      best = std::min(best, cost + chain[pb]);
    }
    return best;
  }

  int options(int p, bool ran, bool forced_free, Option* out) const {
    int n = 0;
    i64 left = -1;
    if (p > 0) {
      int k = kinds_[p - 1];
      out[n++] = Option{vals_[p - 1], SOURCE_OF[k], 0, p - 1};
      if (k == NUM) {
        left = vals_[p - 1];
        out[n++] = Option{left, COPY, P_->copy, p};
      }
    }
    if (ran && p < m_ && kinds_[p] == NUM && vals_[p] != left) out[n++] = Option{vals_[p], COPY, P_->copy, p};
    out[n++] = Option{0, VANISH, p < m_ ? vanish_ : 0, p};
    if (forced_free && !relaxed_) out[n++] = Option{-1, FORCED, P_->forced, p};
    return n;
  }

  // Where `slot` goes in read_sums_: its month group's index, the last entry for total programmed, -1
  // for other slots.
  int read_sums_index(int slot) const {
    if (slot == TOTAL_PROG) return read_sums_.len - 1;
    const std::vector<int>& g = lay_->group_slots;
    auto at = std::find(g.begin(), g.end(), slot);
    return at == g.end() ? -1 : static_cast<int>(at - g.begin());
  }

  // known_chain(), remembered per Step from a known chain (the chain of what was known, the sum
  // read, its value: the chain that results is always the same).
  int next_chain() {
    if (step_.from == STALE) return known_chain();
    uint64_t h = combine(combine(static_cast<uint64_t>(step_.from), step_.index), step_.value);
    if (int* hit = steps_.find(step_, h)) return *hit;
    int id = known_chain();
    bool inserted;
    steps_.upsert(step_, h, id, inserted);
    return id;
  }

  // chain() of what read_sums_ knows: groups after the last known one are left out unless total
  // programmed is known (META ANUAL follows them); -1 when nothing is known.
  int known_chain() {
    Targets sums = read_sums_;
    if (sums.v[sums.len - 1] < 0) {
      int n = sums.len - 1;
      while (n > 0 && sums.v[n - 1] == UNKNOWN) --n;
      if (n == 0) return -1;
      sums.v[n] = -1;
      sums.len = n + 1;
    }
    return chain(sums);
  }

  // Per total, its quarter cell read last (right to left): Q1's.
  bool is_last_part(int slot) const { return slot == Q_PROG[0] || slot == lay_->q_exec[0]; }

  // The tail's forced slots, one per total's identity (side 0 programmed, 1 executed), packed in an int.
  static int forced_at(int forced, int side) { return ((forced >> (6 * side)) & 63) - 1; }
  static int with_forced(int forced, int side, int slot) { return forced | ((slot + 1) << (6 * side)); }
  static int n_forced(int forced) { return (forced_at(forced, 0) >= 0) + (forced_at(forced, 1) >= 0); }

  // Lowest field position after slot i (positions p down to it are tried, p first).
  int after_low(int i, int p) const {
    int low = p;
    for (int g = 0; g < lay_->gap[i]; ++g)
      if (low > 0 && kinds_[low - 1] == EMPTY) --low;
    return low;
  }

  // True when this state was reached before at no greater cost; else remembers the cost.
  bool seen_cheaper(int i, int p, bool may_skip, bool ran, int forced, int cost) {
    TailKey key;
    key.head = static_cast<i64>((i + 1) & 0xff) | (static_cast<i64>(p) << 8) | (static_cast<i64>(may_skip) << 40) |
               (static_cast<i64>(ran) << 41) | (static_cast<i64>(forced) << 42);
    key.len = n_ - 1 - i;
    for (int j = 0; j < key.len; ++j) key.v[j] = static_cast<int32_t>(slot_val_[lay_->order[n_ - 1 - j]]);
    uint64_t h = combine(tail_hash_[i + 1], key.head);
    bool inserted;
    int& best = seen_.upsert(key, h, cost, inserted);
    if (inserted) return false;
    if (best <= cost) return true;
    best = cost;
    return false;
  }

  // -- quarter and total cells: depth-first ------------------------------------------------
  void tail(int i, int p, bool may_skip, bool ran, int cost, int forced) {
    step();
    int bound = std::max(lower_bound(i, p), owed(n_forced(forced)));
    if (cost + bound + quarter_mirror_ > cap_) return;
    if (read_chain_ == STALE) read_chain_ = next_chain();  // only now that it is needed
    if (p < m_ && read_chain_ >= 0) bound = std::max(bound, group_bound(i, p, read_chain_));
    if (cost + bound + quarter_mirror_ > cap_) return;
    if (i < lay_->first_tail) {
      if (seen_cheaper(i, p, may_skip, ran, forced, cost)) return;
      end_tail(p, may_skip, ran, cost, forced);
      return;
    }
    if (seen_cheaper(i, p, may_skip, ran, forced, cost)) return;
    int slot = lay_->order[i];
    int total = lay_->total_of[slot];
    Option opts[5];
    int side = std::find(Q_EXEC, Q_EXEC + 4, slot) != Q_EXEC + 4 || slot == TOTAL_EXEC;  // its total's identity
    bool forced_free = forced_at(forced, side) < 0 && n_forced(forced) < max_forced_;
    int n_opts = options(p, ran, forced_free, opts);
    int mate = relaxed_ ? -1 : lay_->mate[slot];
    int known = relaxed_ ? -1 : read_sums_index(slot);
    for (int o = 0; o < n_opts; ++o) {
      const Option& op = opts[o];
      if (cost + op.cost + quarter_mirror_ > cap_) continue;
      i64 part = (total >= 0 && op.source != FORCED) ? op.value : 0;
      int t = total == TOTAL_PROG ? 0 : 1;
      if (part && !relaxed_) {
        i64 tv = has_slot_[total] ? slot_val_[total] : -1;
        if (sums_[t] + part > tv && tv >= 0) continue;
      }
      if (!relaxed_ && op.source != FORCED && is_last_part(slot) && forced_at(forced, side) < 0) {
        i64 tv = slot_val_[total];  // the total's last quarter cell, nothing left to solve
        if (tv >= 0 && sums_[t] + part != tv) continue;
      }
      slot_val_[slot] = op.value;
      slot_src_[slot] = op.source;
      tail_hash_[i] = combine(tail_hash_[i + 1], op.value);
      has_slot_[slot] = 1;
      if (part) sums_[t] += part;
      // a quarter whose programmed and executed cells differ has a month that differs
      bool differs = mate >= 0 && op.source != FORCED && slot_src_[mate] != FORCED && slot_val_[mate] != op.value;
      quarter_mirror_ += P_->mirror * differs;
      bool took = op.source == FIELD || op.source == BLANK || op.source == MARKED;
      int f = op.source == FORCED ? with_forced(forced, side, slot) : forced;
      int low = lay_->gap[i] ? after_low(i, op.next) : op.next;
      int outer_chain = read_chain_;
      Step outer_step = step_;
      i64 outer_sum = 0;
      if (known >= 0 && op.source != FORCED) {  // one more month group's sum (or META ANUAL's) known
        outer_sum = read_sums_.v[known];
        read_sums_.v[known] = op.value;
        read_chain_ = STALE;
        step_ = Step{outer_chain, known, op.value};
      }
      for (int nxt = op.next; nxt >= low; --nxt) tail(i - 1, nxt, took, took, cost + op.cost, f);
      if (known >= 0 && op.source != FORCED) {
        read_sums_.v[known] = outer_sum;
        read_chain_ = outer_chain;
        step_ = outer_step;
      }
      quarter_mirror_ -= P_->mirror * differs;
      if (part) sums_[t] -= part;
      has_slot_[slot] = 0;
    }
    if (may_skip && p > 0) {
      int c = skip_of_[p - 1];
      if (cost + c <= cap_) {
        skipped_.push_back(p - 1);
        tail(i, p - 1, true, ran, cost + c, forced);
        skipped_.pop_back();
      }
    }
  }

  void end_tail(int p, bool may_skip, bool ran, int cost, int forced_slots) {
    i64 v[N_SLOTS];
    for (int j = lay_->first_tail; j < n_; ++j) v[lay_->order[j]] = slot_val_[lay_->order[j]];
    int extra = 0;
    for (int which = 0; which < 2; ++which) {
      int total = which == 0 ? TOTAL_PROG : TOTAL_EXEC;
      const int* parts = which == 0 ? Q_PROG : lay_->q_exec.data();
      int n_parts = which == 0 ? 4 : static_cast<int>(lay_->q_exec.size());
      int forced = forced_at(forced_slots, which);
      bool forced_part = std::find(parts, parts + n_parts, forced) != parts + n_parts;
      if (forced == total) {
        i64 s = 0;
        for (int k = 0; k < n_parts; ++k) s += v[parts[k]];
        v[total] = s;
      } else if (forced_part) {
        i64 s = 0;
        for (int k = 0; k < n_parts; ++k)
          if (parts[k] != forced) s += v[parts[k]];
        v[forced] = v[total] - s;
        if (v[forced] < 0) return;
      }
      i64 s = 0;
      for (int k = 0; k < n_parts; ++k) s += v[parts[k]];
      if (v[total] != s) {
        if (!relaxed_) return;
        extra += P_->violation;
      }
    }
    Targets targets;
    targets.len = static_cast<int>(lay_->targets.size());
    uint64_t h = 0;
    for (int k = 0; k < targets.len; ++k) {
      targets.v[k] = v[lay_->targets[k]];
      h = combine(h, targets.v[k]);
    }
    bool inserted;
    int tid = target_ids_.upsert(targets, h, n_targets_, inserted);
    if (inserted) {
      ++n_targets_;
      floors_.push_back(mirror_floor(targets));
      month_chains_.push_back(month_chains(targets));
    }
    int first = lay_->first_tail - 1;
    int groups = month_chains_[tid][first];  // the month groups' edits, at least
    int edits = groups >= 0 && p < m_ ? chain_at(groups, p)[p] : 0;
    if (cost + extra + floors_[tid][first] + edits > cap_) return;
    int fu = 2 * n_forced(forced_slots);  // forced values used, times 2, plus 1 while a month's is unsolved
    MemoEntry res = months(tid, targets, lay_->first_tail - 1, p, may_skip, ran, fu, 0, cap_ - cost - extra);
    if (res.count == 0) return;
    int limit = cap_ - cost - extra;
    std::vector<i64> full(n_);
    std::vector<int> srcs(n_);
    for (int j = lay_->first_tail; j < n_; ++j) {
      full[j] = v[lay_->order[j]];
      srcs[j] = slot_src_[lay_->order[j]];
    }
    uint64_t tail_skip[2] = {0, 0};
    for (int f : skipped_) add_skip(tail_skip, f);
    for (uint32_t k = 0; k < res.count; ++k) {
      const Comp& c = arena_[res.start + k];
      if (c.cost > limit) continue;
      for (int j = 0; j < c.len; ++j) {
        full[j] = c.vals[j];
        srcs[j] = c.srcs[j];
      }
      uint64_t skip[2] = {tail_skip[0] | c.skip[0], tail_skip[1] | c.skip[1]};
      record(full, srcs, cost + extra + c.cost - known_mirror(c), skip);
    }
  }

  int n_targets_ = 0;

  // Per month position i: least mirror evidence among months 0..i, from the quarters that differ
  // (months sum to their quarter cells; not in the relaxed search, where sums may break).
  std::array<int, MAX_MONTHS> mirror_floor(const Targets& targets) const {
    std::array<int, MAX_MONTHS> floor{};
    if (relaxed_) return floor;
    const std::vector<int>& qp = lay_->quarter_pairs;
    for (size_t k = 0; k + 2 < qp.size(); k += 3)
      if (targets.v[qp[k]] != targets.v[qp[k + 1]])
        for (int i = qp[k + 2]; i < lay_->first_tail; ++i) floor[i] += P_->mirror;
    return floor;
  }

  // Mirror evidence a completion's cost includes: month pairs it reads that differ (solved months left out).
  int known_mirror(const Comp& c) const {
    int n = 0;
    for (int i = 0; i < c.len; ++i) {
      int j = lay_->partner[i];
      n += j >= 0 && c.vals[i] != -1 && c.vals[j] != -1 && c.vals[i] != c.vals[j];
    }
    return P_->mirror * n;
  }

  // -- months and META ANUAL: memoised dynamic programme --------------------------------------
  // Every distinct reading of positions 0..i within `allowed` score points (edits plus the mirror
  // evidence of the month pairs it reads), as a range of arena_ (entries dearer than `allowed` are
  // skipped by the caller: a memoised larger allowance).
  MemoEntry months(int tid, const Targets& targets, int i, int p, bool may_skip, bool ran, int fu, i64 partial,
                   int allowed) {
    // Nothing within reach: no completion (cheaper to check again than to remember).
    if (allowed < 0) return MemoEntry{allowed, 0, 0};
    int least = std::max(lower_bound(i, p), owed(fu >> 1));
    if (i >= 0) {
      int groups = month_chains_[tid][i];  // a month group starts here
      if (groups >= 0 && p < m_) least = std::max(least, chain_at(groups, p)[p]);
      least += floors_[tid][i];
    }
    if (least > allowed) return MemoEntry{allowed, 0, 0};
    MKey key{static_cast<uint64_t>((i + 1) & 0xff) | (static_cast<uint64_t>(p) << 8) |
                 (static_cast<uint64_t>(max_forced_) << 16) | (static_cast<uint64_t>(min_forced_) << 18) |
                 (static_cast<uint64_t>(may_skip) << 40) | (static_cast<uint64_t>(ran) << 41) |
                 (static_cast<uint64_t>(fu) << 42) | (static_cast<uint64_t>(tid) << 45),
             partial};
    uint64_t h = combine(key.packed, partial);
    if (MemoEntry* hit = memo_.find(key, h); hit && allowed <= hit->allowed)
      return MemoEntry{allowed, hit->start, hit->count};  // a larger allowance holds every cheaper one
    step();
    if (i < 0) {
      if (skip_cost_[p] > allowed) return remember(key, h, MemoEntry{allowed, 0, 0});
      Comp c{};
      c.cost = skip_cost_[p];
      c.len = 0;
      c.hash = 0;
      for (int f = 0; f < p; ++f) add_skip(c.skip, f);
      arena_.push_back(c);
      return remember(key, h, MemoEntry{allowed, static_cast<uint32_t>(arena_.size() - 1), 1});
    }
    i64 target;
    if (i == 0) {
      target = targets.v[targets.len - 1];  // META ANUAL = total programmed
    } else {
      target = targets.v[lay_->target_of[i]];
      if (lay_->opens[i]) partial = 0;
    }
    // First every sub-state's completions (memoised in arena_), then this state's, built straight
    // into arena_ after them (Python dict semantics: the first insertion keeps its place, a cheaper
    // completion of the same values replaces cost, sources and skips).
    size_t base = parts_.size();
    Option opts[5];
    int n_opts = options(p, ran, fu < 2 * max_forced_ && !(fu & 1), opts);
    for (int o = 0; o < n_opts; ++o) {
      i64 value = opts[o].value;
      int source = opts[o].source, cost = opts[o].cost, q = opts[o].next;
      int extra = 0, nfu = fu;
      if (source == FORCED) {
        nfu = fu + 3;  // one more used, pending
        if (i == 0) {
          value = target;
          nfu = fu + 2;
        }
      }
      i64 next_partial = partial + std::max<i64>(value, 0);
      if (i == 0 || lay_->closes[i]) {
        bool pending = nfu & 1;
        bool ok = pending ? next_partial <= target : next_partial == target;
        if (i == 0) ok = value == target;
        if (!ok) {
          if (!relaxed_) continue;
          extra = P_->violation;
        }
        if (pending) nfu -= 1;
        next_partial = 0;
      } else if (!relaxed_ && next_partial > target) {
        continue;
      }
      int spend = cost + extra;
      if (spend > allowed) continue;
      bool took = source == FIELD || source == BLANK || source == MARKED;
      int low = lay_->gap[i] ? after_low(i, q) : q;
      for (int nxt = q; nxt >= low; --nxt) {
        MemoEntry sub = months(tid, targets, i - 1, nxt, took, took, nfu, next_partial, allowed - spend);
        if (sub.count) parts_.push_back(Part{sub, value, spend, source});
      }
    }
    if (may_skip && p > 0) {
      int cost = skip_of_[p - 1];
      if (cost <= allowed) {
        MemoEntry sub = months(tid, targets, i, p - 1, true, ran, fu, partial, allowed - cost);
        if (sub.count) parts_.push_back(Part{sub, 0, cost, -1});
      }
    }
    uint32_t start = static_cast<uint32_t>(arena_.size());
    built_.reset();
    int j = lay_->partner[i];  // an executed month's programmed month, read in the completions below
    for (size_t k = base; k < parts_.size(); ++k) {
      const Part part = parts_[k];
      for (uint32_t x = 0; x < part.sub.count; ++x) {
        const Comp& cc = arena_[part.sub.start + x];
        if (cc.cost > part.sub.allowed) continue;
        if (part.source < 0) {  // the field before p skipped
          Comp& o = built_.find_or_add(arena_, start, cc.hash, cc.vals, cc.len, false, 0);
          if (o.len < 0) {
            o = cc;
            o.cost += part.spend;
            add_skip(o.skip, p - 1);
          } else if (cc.cost + part.spend < o.cost) {
            o.cost = cc.cost + part.spend;
            o.skip[0] = cc.skip[0];
            o.skip[1] = cc.skip[1];
            add_skip(o.skip, p - 1);
            std::copy(cc.srcs, cc.srcs + cc.len, o.srcs);
          }
          continue;
        }
        i64 value = part.value;
        bool differs = j >= 0 && value != -1 && cc.vals[j] != -1 && cc.vals[j] != value;
        int total = cc.cost + part.spend + P_->mirror * differs;
        if (total > allowed) continue;
        Comp& o = built_.find_or_add(arena_, start, combine(cc.hash, value), cc.vals, cc.len, true, value);
        if (o.len < 0) {
          std::copy(cc.vals, cc.vals + cc.len, o.vals);
          o.vals[cc.len] = static_cast<int32_t>(value);
          o.len = cc.len + 1;
          o.hash = combine(cc.hash, value);
        } else if (total >= o.cost) {
          continue;
        }
        o.cost = total;
        o.skip[0] = cc.skip[0];
        o.skip[1] = cc.skip[1];
        std::copy(cc.srcs, cc.srcs + cc.len, o.srcs);
        o.srcs[cc.len] = static_cast<signed char>(part.source);
      }
    }
    parts_.resize(base);
    MemoEntry entry{allowed, start, static_cast<uint32_t>(arena_.size() - start)};
    return remember(key, h, entry);
  }

  MemoEntry remember(const MKey& key, uint64_t h, MemoEntry entry) {
    bool inserted;
    memo_.upsert(key, h, entry, inserted) = entry;
    return entry;
  }

  void record(const std::vector<i64>& full, const std::vector<int>& srcs, int cost, const uint64_t* skip) {
    Values35 values;
    std::fill(values.v, values.v + N_SLOTS, NONE);
    int sources[N_SLOTS];
    std::fill(sources, sources + N_SLOTS, -1);
    for (int j = 0; j < n_; ++j) {
      values.v[lay_->order[j]] = full[j];
      sources[lay_->order[j]] = srcs[j];
    }
    for (int j = 0; j < n_; ++j) {  // a forced month: solved from its group's sum
      int s = lay_->order[j];
      if (sources[s] == FORCED && values.v[s] == -1) {
        int g = lay_->target_of[j];
        i64 v = values.v[lay_->targets[g]];
        for (int k = 0; k < n_; ++k)
          if (lay_->target_of[k] == g && lay_->order[k] != s) v -= values.v[lay_->order[k]];
        values.v[s] = v;
      }
    }
    for (int s : lay_->order)
      if (sources[s] == MARKED) values.v[s] = NONE;
    uint64_t h = 0;
    for (i64 x : values.v) h = combine(h, x);
    bool inserted;
    size_t& idx = found_index_.upsert(values, h, found.size(), inserted);
    if (!inserted && cost >= found[idx].cost) return;
    std::vector<int> skipped;
    for (int f = 0; f < MAX_FIELDS; ++f)
      if (skip[f >> 6] >> (f & 63) & 1) skipped.push_back(f);
    if (inserted) {
      found.push_back(Found{cost, 0, values, std::vector<int>(sources, sources + N_SLOTS), std::move(skipped)});
    } else {
      Found& f = found[idx];
      f.cost = cost;
      f.sources.assign(sources, sources + N_SLOTS);
      f.skipped = std::move(skipped);
    }
  }
};

// -- Python glue ---------------------------------------------------------------------------------

// A Python sequence of integers into `out` (layouts, costs and kinds are small; values fit in 64 bits).
template <class T>
bool int_vector(PyObject* seq, std::vector<T>& out) {
  PyObject* fast = PySequence_Fast(seq, "expected a sequence of integers");
  if (!fast) return false;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
  out.resize(n);
  for (Py_ssize_t j = 0; j < n; ++j) {
    long long v = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, j));
    if (v == -1 && PyErr_Occurred()) {
      Py_DECREF(fast);
      return false;
    }
    out[j] = static_cast<T>(v);
  }
  Py_DECREF(fast);
  return true;
}

PyObject* int_tuple(const std::vector<int>& v) {
  PyObject* t = PyTuple_New(static_cast<Py_ssize_t>(v.size()));
  if (!t) return nullptr;
  for (size_t j = 0; j < v.size(); ++j) {
    PyObject* x = PyLong_FromLong(v[j]);
    if (!x) {
      Py_DECREF(t);
      return nullptr;
    }
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(j), x);
  }
  return t;
}

PyObject* value_tuple(const Values35& values) {
  const i64* v = values.v;
  PyObject* t = PyTuple_New(N_SLOTS);
  if (!t) return nullptr;
  for (int j = 0; j < N_SLOTS; ++j) {
    PyObject* x;
    if (v[j] == NONE) {
      x = Py_None;
      Py_INCREF(x);
    } else {
      x = PyLong_FromLongLong(v[j]);
      if (!x) {
        Py_DECREF(t);
        return nullptr;
      }
    }
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(j), x);
  }
  return t;
}

// layout: (order, first_tail, targets, target_of, opens, closes, gap, free_empties, q_exec, total_of,
//          mirror_programmed, mirror_executed, partner, quarter_pairs (flat), mate, group_starts);
// params: (vanish, vanish_dense, extra_empty, copy, stray, forced, mirror, violation, forced_limits, caps)
bool parse_layout(PyObject* t, Layout& lay) {
  PyObject *order, *targets, *target_of, *opens, *closes, *gap, *free_e, *q_exec, *total_of, *ma, *mb, *partner, *qp,
      *mate, *groups;
  if (!PyArg_ParseTuple(t, "OiOOOOOOOOOOOOOO", &order, &lay.first_tail, &targets, &target_of, &opens, &closes, &gap,
                        &free_e, &q_exec, &total_of, &ma, &mb, &partner, &qp, &mate, &groups))
    return false;
  std::vector<int> o, c;
  bool ok = int_vector(order, lay.order) && int_vector(targets, lay.targets) && int_vector(target_of, lay.target_of) &&
            int_vector(opens, o) && int_vector(closes, c) && int_vector(gap, lay.gap) &&
            int_vector(free_e, lay.free_empties) && int_vector(q_exec, lay.q_exec) &&
            int_vector(total_of, lay.total_of) && int_vector(ma, lay.mirror_a) && int_vector(mb, lay.mirror_b) &&
            int_vector(partner, lay.partner) && int_vector(qp, lay.quarter_pairs) && int_vector(mate, lay.mate) &&
            int_vector(groups, lay.group_starts);
  if (!ok) return false;
  lay.opens.assign(o.begin(), o.end());
  lay.closes.assign(c.begin(), c.end());
  return true;
}

bool parse_params(PyObject* t, Params& P) {
  PyObject *limits, *caps;
  if (!PyArg_ParseTuple(t, "iiiiiiiiOO", &P.vanish, &P.vanish_dense, &P.extra_empty, &P.copy, &P.stray, &P.forced,
                        &P.mirror, &P.violation, &limits, &caps))
    return false;
  return int_vector(limits, P.forced_limits) && int_vector(caps, P.caps);
}

// search(kinds, values, layout, params, relaxed, margin, budget) -> (readings, steps, cleared, best):
//   readings None over budget, else [(score, cost, values, sources, skipped), ...]: those found within
//   `margin` of the best score (edit cost plus mirror evidence), in the order found; cleared, the
//   largest cap searched in full without a reading, and best, the best score found (-1: none).
PyObject* py_search(PyObject*, PyObject* args) {
  PyObject *kinds_o, *vals_o, *lay_o, *params_o;
  int relaxed, margin;
  long budget;
  if (!PyArg_ParseTuple(args, "OOOOpil", &kinds_o, &vals_o, &lay_o, &params_o, &relaxed, &margin, &budget))
    return nullptr;
  std::vector<int> kinds;
  std::vector<i64> vals;
  Layout lay;
  Params P;
  if (!int_vector(kinds_o, kinds) || !int_vector(vals_o, vals) || !parse_layout(lay_o, lay) ||
      !parse_params(params_o, P))
    return nullptr;
  bool fits = kinds.size() == vals.size() && kinds.size() < MAX_FIELDS && !lay.order.empty() &&
              lay.order.size() <= N_SLOTS && lay.first_tail <= MAX_MONTHS &&
              static_cast<int>(lay.order.size()) - lay.first_tail <= MAX_TAIL && lay.targets.size() <= MAX_TARGETS &&
              std::all_of(vals.begin(), vals.end(), [](i64 v) { return v >= 0 && v <= MAX_VALUE; });
  fits = fits && lay.first_tail >= 3 && !lay.group_starts.empty() && lay.group_starts.size() < MAX_TARGETS &&
         lay.partner.size() == lay.order.size() && lay.target_of.size() == lay.order.size() &&
         lay.mate.size() == N_SLOTS && lay.quarter_pairs.size() % 3 == 0;
  for (size_t i = 0; fits && i < lay.partner.size(); ++i) fits = lay.partner[i] < static_cast<int>(i);
  for (int s : lay.mate) fits = fits && s < N_SLOTS;
  for (int i : lay.group_starts) {
    fits = fits && i > 0 && i < lay.first_tail && lay.target_of[i] >= 0 &&
           lay.target_of[i] < static_cast<int>(lay.targets.size()) && lay.targets[lay.target_of[i]] >= 0 &&
           lay.targets[lay.target_of[i]] < N_SLOTS;
    if (fits) lay.group_slots.push_back(lay.targets[lay.target_of[i]]);
  }
  for (size_t k = 0; fits && k < lay.quarter_pairs.size(); k += 3) {
    const int* q = &lay.quarter_pairs[k];
    int n_targets = static_cast<int>(lay.targets.size());
    fits = q[0] >= 0 && q[0] < n_targets && q[1] >= 0 && q[1] < n_targets && q[2] >= 0 && q[2] < lay.first_tail;
  }
  fits = fits && !P.forced_limits.empty();
  // 2 * limit + 1 is packed in 3 bits, and a fallback pass's tie takes one more
  for (int limit : P.forced_limits) fits = fits && limit >= 0 && limit <= 2;
  if (!fits) {
    PyErr_SetString(PyExc_ValueError, "row outside the compiled search's limits (fields, values or layout)");
    return nullptr;
  }
  long used = 0;
  bool over = false;
  int cleared = -1, best = -1;  // the largest cap searched in full without a reading; the best score
  std::vector<Found> found;
  try {
    // Reused from row to row (the GIL is held throughout, so calls never overlap); a row that grew
    // the buffers past KEEP_BYTES gets them released after it.
    static std::unique_ptr<Search> held;
    if (!held || held->footprint() > KEEP_BYTES) held = std::make_unique<Search>();
    Search& s = *held;
    s.reset(kinds, vals, lay, P, relaxed != 0);
    // Per cap, a pass per forced-value limit until one finds readings; a further limit only once the
    // cap can pay for its forced values (the relaxed search forces none: its first limit only).
    bool done = false;
    for (int cap : P.caps) {
      int least = 0;  // forced values a reading found at this cap takes: more than the pass before allowed
      for (size_t k = 0; k < P.forced_limits.size() && !done; ++k) {
        int limit = P.forced_limits[k];
        if (k > 0 && (relaxed || cap < limit * P.forced)) continue;
        s.run(cap, budget - used, limit, least);
        used += s.nodes;
        if (s.found.empty()) {
          least = limit + 1;
          continue;
        }
        int top = INT32_MAX;
        for (const Found& f : s.found) top = std::min(top, f.cost + s.mirror_cost(f.values));
        best = top;
        // The limit must not decide the row: when a reading found solves as many values as the pass
        // allows, readings that solve one more join the tie.
        bool binding = false;
        for (const Found& f : s.found)
          binding = binding || std::count(f.sources.begin(), f.sources.end(), FORCED) >= limit;
        int tie_limit = binding ? limit + 1 : limit;
        if (top + margin > cap || tie_limit != limit) {
          s.run(top + margin, budget - used, tie_limit, 0);
          used += s.nodes;
        }
        done = true;
      }
      if (done) break;
      cleared = cap;
    }
    // only readings within the margin of the best score can tie
    int top = INT32_MAX;
    for (Found& f : s.found) {
      f.score = f.cost + s.mirror_cost(f.values);
      top = std::min(top, f.score);
    }
    for (Found& f : s.found)
      if (f.score <= top + margin) found.push_back(std::move(f));
  } catch (const OverBudget&) {
    over = true;
  } catch (const std::bad_alloc&) {
    return PyErr_NoMemory();
  }
  if (over) return Py_BuildValue("(Olii)", Py_None, used, cleared, best);
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(found.size()));
  if (!list) return nullptr;
  for (size_t j = 0; j < found.size(); ++j) {
    const Found& f = found[j];
    PyObject* values = value_tuple(f.values);
    PyObject* sources = int_tuple(f.sources);
    PyObject* skipped = int_tuple(f.skipped);
    PyObject* item =
        (values && sources && skipped) ? Py_BuildValue("(iiOOO)", f.score, f.cost, values, sources, skipped) : nullptr;
    Py_XDECREF(values);
    Py_XDECREF(sources);
    Py_XDECREF(skipped);
    if (!item) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(j), item);
  }
  PyObject* result = Py_BuildValue("(Olii)", list, used, cleared, best);
  Py_DECREF(list);
  return result;
}

PyMethodDef methods[] = {
    {"search", py_search, METH_VARARGS, "Readings of one row (compiled port of transforms.readings._Search)."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef module = {PyModuleDef_HEAD_INIT, "transforms._search", "Compiled core of the readings search.", -1,
                      methods};

}  // namespace

PyMODINIT_FUNC PyInit__search(void) { return PyModule_Create(&module); }
