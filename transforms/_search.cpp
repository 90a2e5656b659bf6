// Compiled core of the readings search: the search of transforms/readings/ (engine.py, tail.py,
// months.py, bounds.py), ported step for step.
//
// The Python search stays the reference: this core visits the same states in the same order, counts
// the same search steps against the budget and finds the same readings in the same order, so every
// status and value is identical (tests/transforms/test_native_search.py compares the two). Only the
// bookkeeping differs: open-addressing tables and arenas instead of dicts, and the month groups'
// bound extended as the tail reads their sums instead of recomputed.
//
// Python hands over the layout of a cut-off quarter and the search's costs as dicts, read here by
// the names of transforms/readings/layout.py's Layout and model.py's costs and checked once
// (prepare_layout, prepare_params); each row is then searched with them (search). Only integers
// and small vectors are involved; the Python objects are built once per row at the end.

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using i64 = int64_t;

// -- fields and sources (transforms/readings/model.py: FieldKind, Source) --------------------------

enum FieldKind : int { NUM = 0, EMPTY = 1, MARK = 2 };
enum Source : int { FIELD = 0, BLANK = 1, VANISH = 2, COPY = 3, FORCED = 4, MARKED = 5 };
constexpr int SOURCE_OF[3] = {FIELD, BLANK, MARKED};  // per field kind: the source of a slot that takes it

// Sources that take a field; the others are edits.
inline bool takes_field(int source) { return source == FIELD || source == BLANK || source == MARKED; }

// -- capacities --------------------------------------------------------------------------------------

constexpr int N_SLOTS = 35;
constexpr int MAX_MONTHS = 25;  // positions before the first quarter cell: META, 12 + 12 months
constexpr int MAX_TAIL = 10;    // quarter cells (4 + 4) and the two totals
constexpr int MAX_TARGETS = 9;  // quarter cells (4 + 4) and total programmed
constexpr i64 MAX_VALUE = 1 << 26;  // field values; a solved total (four quarters) still fits 32 bits
constexpr int MAX_FIELDS = 128;     // skipped fields are a 128-bit set; longer rows use the Python engine
constexpr size_t KEEP_BYTES = size_t{128} << 20;  // search buffers kept between rows
constexpr i64 NONE = INT64_MIN;                   // a value of None: inactive or footnote-only slot

// -- the layout and the costs, as Python names them ----------------------------------------------------

struct MirrorPair {
  int programmed, executed;  // an active month's two slots
};

struct QuarterPair {
  int programmed, executed;  // indices into targets of an active executed quarter's two cells
  int last_month;            // position of its last executed month
};

// transforms/readings/layout.py's Layout: a position indexes `order`, a slot is one of the 35 cells.
struct Layout {
  std::vector<int> order;          // the active slots in printed order
  int first_tail = 0;              // position of the first quarter cell; quarters and totals follow
  std::vector<int> targets;        // slots the month groups sum to, then total programmed
  std::vector<int> target_of;      // per position: a month's index into targets, -1 elsewhere
  std::vector<char> opens;         // per position: last month of its group (first met right to left)
  std::vector<char> closes;        // per position: first month of its group (completes it)
  std::vector<int> gap;            // per position: columns the cut-off leaves blank just before it
  std::vector<int> free_empties;   // per position: such columns before it and up to it
  std::array<int, 2> totals{};     // the slots of total programmed and total executed
  std::vector<int> q_prog, q_exec;  // the quarter slots that sum to each total (executed: active ones)
  std::vector<int> total_of;       // per slot: the total a quarter cell sums into, -1 for other slots
  std::vector<int> side;           // per slot: 0 for total programmed and its quarters, 1 for the executed
  std::array<int, 2> last_parts{};  // per total, its quarter cell read last (right to left): Q1's
  std::vector<MirrorPair> mirror;  // the active months
  std::vector<int> partner;        // per position: an executed month's programmed month, -1 elsewhere
  std::vector<QuarterPair> quarter_pairs;  // the active executed quarters
  std::vector<int> mate;           // per slot: a programmed quarter cell's executed one, -1 elsewhere
  std::vector<int> group_starts;   // per month group, in the order months() reads them: its last month
  std::vector<int> group_slots;    // per month group, in that order: its quarter cell

  const std::vector<int>& parts(int side) const { return side == 0 ? q_prog : q_exec; }
};

// The costs of transforms/readings/model.py.
struct Params {
  int vanish = 0, vanish_dense = 0, extra_empty = 0, copy = 0, stray = 0, forced = 0;  // edit points
  int mirror = 0;                  // per executed month that differs from its programmed month
  int violation = 0;               // per broken identity (relaxed search)
  std::vector<int> forced_limits;  // per pass at a cap, in order: forced values a reading may have
  std::vector<int> caps;           // the score caps, in order
};

// -- hash tables and storage --------------------------------------------------------------------------

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

// Up to MAX_TARGETS sums: the targets the tail fixes (a month group's sum each, then total programmed),
// or the sums a chain of month groups must reach.
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
  int32_t vals[MAX_MONTHS];  // search() keeps values (and so their sums) inside 32 bits
  signed char srcs[MAX_MONTHS];
};

inline void add_skip(uint64_t* skip, int f) { skip[f >> 6] |= uint64_t{1} << (f & 63); }

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

// The distinct completions of one months() state, stored in the arena from `start` on: a table of
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

// -- search states -------------------------------------------------------------------------------------

// The tail cells a reading solves from their identity, one per total (side 0 programmed, 1 executed).
struct Solved {
  int slot[2] = {-1, -1};  // -1: none

  int taken() const { return (slot[0] >= 0) + (slot[1] >= 0); }

  Solved with(int side, int s) const {
    Solved o = *this;
    o.slot[side] = s;
    return o;
  }

  // Six bits per side, for the tail state's key.
  i64 code() const { return (slot[0] + 1) | ((slot[1] + 1) << 6); }
};

// The forced values a months() state has taken, and whether one of them is a month of the group
// being read (solved once the group closes: its months may sum to less than the target until then).
// Packed as 2 * used + pending, which the memo key takes as it is: as a struct of two fields the
// compiled search ran 1.9% more instructions (callgrind, 1,000 rows at the sample's rates).
struct MonthsForced {
  int packed = 0;

  static MonthsForced none_pending(int used) { return MonthsForced{2 * used}; }
  int used() const { return packed >> 1; }
  bool pending() const { return packed & 1; }
  MonthsForced with_month() const { return MonthsForced{packed + 3}; }  // one more, pending (none was)
  MonthsForced with_meta() const { return MonthsForced{packed + 2}; }   // one more, solved at once
  MonthsForced settled() const { return MonthsForced{packed & ~1}; }    // the group closed: none pending
};

// A tail state, then the tail values read so far (the values of positions n-1 .. i+1).
struct TailKey {
  i64 head;  // tail_head()
  int len;
  int32_t v[MAX_TAIL];  // search() sends rows with larger values to the Python engine
  bool operator==(const TailKey& o) const {
    if (head != o.head || len != o.len) return false;
    for (int j = 0; j < len; ++j)
      if (v[j] != o.v[j]) return false;
    return true;
  }
};

// The tail state's fields packed into one word: the states are compared and hashed on the hottest
// path of the search, where one word costs one compare.
inline i64 tail_head(int i, int p, bool may_skip, bool ran, Solved solved) {
  return static_cast<i64>((i + 1) & 0xff) | (static_cast<i64>(p) << 8) | (static_cast<i64>(may_skip) << 40) |
         (static_cast<i64>(ran) << 41) | (solved.code() << 42);
}

// A months() state: its fields packed into one word (as tail_head(), for the memo's compares), and the
// partial sum of the month group being read.
struct MonthKey {
  uint64_t packed;
  i64 partial;
  bool operator==(const MonthKey& o) const { return packed == o.packed && partial == o.partial; }
};

// The state (targets id, position i, field position p, flags, forced values) and the pass's
// forced-value limits, which the memo outlives: p < MAX_FIELDS and the limits below 4 fit their bits.
inline MonthKey month_key(int tid, int i, int p, bool may_skip, bool ran, MonthsForced forced, int max_forced,
                          int min_forced, i64 partial) {
  uint64_t packed = static_cast<uint64_t>((i + 1) & 0xff) | (static_cast<uint64_t>(p) << 8) |
                    (static_cast<uint64_t>(max_forced) << 16) | (static_cast<uint64_t>(min_forced) << 18) |
                    (static_cast<uint64_t>(may_skip) << 40) | (static_cast<uint64_t>(ran) << 41) |
                    (static_cast<uint64_t>(forced.packed) << 42) | (static_cast<uint64_t>(tid) << 45);
  return MonthKey{packed, partial};
}

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

// One way to fill a slot at a field position (transforms/readings/row.py: RowFields.options).
struct Option {
  i64 value;  // -1 for a forced value until it is solved
  int source, cost, next;  // next: the field position after it
};

struct OverBudget {};

// -- the search of one row --------------------------------------------------------------------------------

class Search {
 public:
  long nodes = 0;           // steps the last pass used
  std::vector<Found> found;  // the cheapest reading per set of values, in the order found

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
    // a row that prints no blank cell is weak ground for reading one whose field vanished
    bool any_blank = std::any_of(kinds_.begin(), kinds_.end(), [](int k) { return k != NUM; });
    vanish_ = any_blank ? P.vanish : P.vanish_dense;
    min_edit_ = std::min({P.vanish, P.extra_empty, P.copy, P.stray, P.forced});
    skip_of_.clear();
    skip_cost_.assign(1, 0);
    empties_.assign(1, 0);
    for (int k : kinds_) {
      int c = k == NUM ? P.stray : P.extra_empty;  // a stray number / an extra empty field
      skip_of_.push_back(c);
      skip_cost_.push_back(skip_cost_.back() + c);
      empties_.push_back(empties_.back() + (k != NUM));
    }
    group_.clear();
    transfer_ids_.clear();
    tr_start_.clear();
    tr_ends_.clear();
    chain_ids_.clear();
    chain_data_.clear();
    chain_info_.clear();
    metas_.clear();
    steps_.clear();
    target_ids_.clear();
    n_targets_ = 0;
    floors_.clear();
    month_chains_.clear();
    memo_.clear();
    arena_.clear();
    found_index_.clear();
    found.clear();
  }

  // Readings scoring up to `cap` with at most `max_forced` forced values, and at least `min_forced` (a
  // bound only: a pass that may take more than the pass before at the same cap, which found nothing).
  void run(int cap, long nodes_left, int max_forced, int min_forced) {
    cap_ = cap;
    max_forced_ = max_forced;
    min_forced_ = min_forced;
    nodes = 0;
    nodes_left_ = nodes_left;
    seen_.clear();
    part_sum_[0] = part_sum_[1] = 0;
    quarter_mirror_ = 0;
    read_sums_.len = static_cast<int>(lay_->group_slots.size()) + 1;
    std::fill(read_sums_.v, read_sums_.v + read_sums_.len - 1, UNKNOWN);
    read_sums_.v[read_sums_.len - 1] = -1;
    read_chain_ = -1;
    std::fill(std::begin(has_slot_), std::end(has_slot_), 0);
    skipped_.clear();
    tail(n_ - 1, m_, true, false, 0, Solved{});
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

  // MIRROR per active month whose executed value differs from its programmed value.
  int mirror_cost(const Values35& values) const {
    int n = 0;
    for (const MirrorPair& m : lay_->mirror) n += values.v[m.programmed] != values.v[m.executed];
    return P_->mirror * n;
  }

 private:
  // The row (transforms/readings/row.py: RowFields).
  std::vector<int> kinds_;
  std::vector<i64> vals_;
  int m_ = 0;                // fields; position m_ is the right end of the row
  int n_ = 0;                // active slots
  int vanish_ = 0;           // the cost of a vanished blank in this row
  int min_edit_ = 0;         // the cheapest edit
  std::vector<int> skip_of_;    // per field: the cost of skipping it
  std::vector<int> skip_cost_;  // [p]: skipping every field before position p
  std::vector<int> empties_;    // [p]: empty or footnote-only fields before position p
  const Layout* lay_ = nullptr;
  const Params* P_ = nullptr;
  bool relaxed_ = false;

  // The pass.
  int cap_ = 0, max_forced_ = 1, min_forced_ = 0;
  long nodes_left_ = 0;

  void step() {
    if (++nodes > nodes_left_) throw OverBudget{};
  }

  // -- lower bounds (transforms/readings/bounds.py) --------------------------------------------------

  // Cheapest possible cost of slots 0..i with fields 0..p-1 left.
  int lower_bound(int i, int p) const {
    int fieldless = i + 1 - p;
    if (fieldless > 0) return p == m_ ? 0 : fieldless * min_edit_;  // trailing blank cells are padding
    // fields left over are skipped (empty ones cheaply, numbers as strays), except the empty fields
    // the columns removed by the cut-off take for free
    int extra = -fieldless;
    int free_ = std::min({extra, empties_[p], i >= 0 ? lay_->free_empties[i] : 0});
    extra -= free_;
    int empty = std::min(extra, empties_[p] - free_);
    return empty * P_->extra_empty + (extra - empty) * P_->stray;
  }

  // Edit points of the forced values a reading must still take, having taken `used`.
  int owed(int used) const { return std::max(0, min_forced_ - used) * P_->forced; }

  // Per month position i: least mirror evidence among months 0..i, from the quarters whose cells
  // differ (months sum to their quarter cells; not in the relaxed search, where sums may break).
  std::array<int, MAX_MONTHS> mirror_floor(const Targets& targets) const {
    std::array<int, MAX_MONTHS> floor{};
    if (relaxed_) return floor;
    for (const QuarterPair& q : lay_->quarter_pairs)
      if (targets.v[q.programmed] != targets.v[q.executed])
        for (int i = q.last_month; i < lay_->first_tail; ++i) floor[i] += P_->mirror;
    return floor;
  }

  // Per field position: (sum, end position, fewest edit points) of a month group's readings without
  // a forced value, below a forced value's cost; empty until first needed.
  struct GroupEnd {
    i64 sum;
    int end, cost;
  };
  std::vector<std::vector<GroupEnd>> group_;

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
      bool took = takes_field(op.source);
      int low = after_low(i, op.next);
      for (int nxt = op.next; nxt >= low; --nxt) walk_group(best, i - 1, nxt, took, took, cost + op.cost, total + op.value);
    }
    if (may_skip && p > 0) walk_group(best, i, p - 1, true, ran, cost + skip_of_[p - 1], total);
  }

  // A chain: per field position p, least edit points of the first month groups read from fields
  // 0..p-1 when they must sum to given sums (in the order months() reads them; UNKNOWN: a sum not
  // known yet), then of META ANUAL read as total programmed when that is known (the groups are then
  // all of them). A group that cannot reach its sum below a forced value's cost needs one, and may
  // then end anywhere. A chain's values are computed from position 0 up as far as they are first read
  // (chain_at()); a chain id stands for its sums all row long.
  static constexpr i64 UNKNOWN = -2;
  struct Chain {
    int data;      // its m + 1 values: chain_data_[data ..]
    int rest;      // the chain of what follows its first group (-1: nothing); -1 for META ANUAL's
    int transfer;  // its first group's transfer()
    int done;      // positions computed so far
    int low;       // least of the rest's values over those positions
  };
  std::vector<Chain> chain_info_;
  std::vector<int> chain_data_;
  SlimMap<Targets, int> chain_ids_;          // chain() per sums (then total programmed, or -1)
  std::vector<std::pair<i64, int>> metas_;   // meta_from() per total programmed
  struct SumKey {
    i64 v;
    bool operator==(const SumKey& o) const { return v == o.v; }
  };
  SlimMap<SumKey, int> transfer_ids_;         // transfer() per sum
  std::vector<int> tr_start_;                 // transfer(): per transfer and position, where its ends start
  std::vector<std::pair<int, int>> tr_ends_;  // transfer(): (end position, fewest edit points)

  // The chain of sums[0..len-1) then total programmed sums[len-1] (-1: not known).
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
      Targets rest_sums;
      rest_sums.len = sums.len - 1;
      std::copy(sums.v + 1, sums.v + sums.len, rest_sums.v);
      rest = chain(rest_sums, hashes + 1);
    } else if (sums.v[1] >= 0) {
      rest = meta_from(sums.v[1]);
    }
    int id = new_chain(rest, transfer(sums.v[0]));
    bool inserted;
    chain_ids_.upsert(sums, h, id, inserted);
    return id;
  }

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

  // The chain of META ANUAL alone: per field position e, least edit points of META ANUAL read as `tp`
  // (total programmed) from fields 0..e-1, as months() reads it (the most permissive flags), the
  // fields left of it skipped.
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

  // Per month position: the chain of the month groups from there on and META ANUAL where a group's
  // last month (first met) sits, -1 elsewhere (and everywhere in the relaxed search).
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

  // -- the month groups' sums the tail has read, and their chain --------------------------------------
  //
  // The tail's group bound is the chain of the sums read so far. Reading one more sum moves from one
  // chain to another; the move is remembered (a Step), so that most tail states find their chain
  // without building its sums.

  Targets read_sums_;    // the month groups' sums the tail has read (UNKNOWN: not yet), then total programmed (or -1)
  int read_chain_ = -1;  // the chain of what read_sums_ knows, -1 while it knows nothing, STALE until needed
  static constexpr int STALE = -2;
  // How read_sums_ last changed (while read_chain_ is STALE): the chain before, the index set, its value.
  struct Step {
    int from, index;
    i64 value;
    bool operator==(const Step& o) const { return from == o.from && index == o.index && value == o.value; }
  };
  Step step_{};
  SlimMap<Step, int> steps_;  // the chain each Step leads to

  // Where `slot` goes in read_sums_: its month group's index, the last entry for total programmed, -1
  // for other slots.
  int read_sums_index(int slot) const {
    if (slot == lay_->totals[0]) return read_sums_.len - 1;
    const std::vector<int>& g = lay_->group_slots;
    auto at = std::find(g.begin(), g.end(), slot);
    return at == g.end() ? -1 : static_cast<int>(at - g.begin());
  }

  // known_chain(), remembered per Step from a known chain.
  int next_chain() {
    if (step_.from == STALE) return known_chain();
    uint64_t h = combine(combine(static_cast<uint64_t>(step_.from), step_.index), step_.value);
    if (int* hit = steps_.find(step_, h)) return *hit;
    int id = known_chain();
    bool inserted;
    steps_.upsert(step_, h, id, inserted);
    return id;
  }

  // The chain of what read_sums_ knows: groups after the last known one are left out unless total
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

  // -- the ways to fill a slot (transforms/readings/row.py) ------------------------------------------

  // Each way to fill a slot at field position p into out (at most 5); their count.
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
    out[n++] = Option{0, VANISH, p < m_ ? vanish_ : 0, p};  // blank cells after the last field: padding
    if (forced_free) out[n++] = Option{-1, FORCED, P_->forced, p};
    return n;
  }

  // Lowest field position after slot i (positions p down to it are tried, p first): the columns the
  // cut-off removed just before it print empty, or not at all.
  int after_low(int i, int p) const {
    if (!lay_->gap[i]) return p;
    int low = p;
    for (int g = 0; g < lay_->gap[i]; ++g)
      if (low > 0 && kinds_[low - 1] == EMPTY) --low;
    return low;
  }

  // -- quarter and total cells: depth-first (transforms/readings/tail.py) -----------------------------

  SlimMap<TailKey, int> seen_;  // cheapest cost per tail state
  i64 part_sum_[2] = {0, 0};    // per total: its quarter cells read so far (forced ones left out)
  int quarter_mirror_ = 0;      // MIRROR per quarter whose programmed and executed cells read so far differ
  i64 slot_val_[N_SLOTS] = {};  // the tail values read so far, by slot
  int slot_src_[N_SLOTS] = {};
  char has_slot_[N_SLOTS] = {};
  uint64_t tail_hash_[N_SLOTS + 1] = {};  // [i]: hash of the values read at positions n-1 .. i
  std::vector<int> skipped_;               // fields the tail skipped

  // True when this state was reached before at no greater cost; else remembers the cost. Arrivals at
  // the same state with the same values so far continue identically: only the cheapest needs exploring.
  bool seen_cheaper(int i, int p, bool may_skip, bool ran, Solved solved, int cost) {
    TailKey key;
    key.head = tail_head(i, p, may_skip, ran, solved);
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

  // Read tail position i (slots right to left) from fields 0..p-1.
  void tail(int i, int p, bool may_skip, bool ran, int cost, Solved solved) {
    step();
    int bound = std::max(lower_bound(i, p), owed(solved.taken()));
    if (cost + bound + quarter_mirror_ > cap_) return;
    if (read_chain_ == STALE) read_chain_ = next_chain();  // only now that it is needed
    if (p < m_ && read_chain_ >= 0) bound = std::max(bound, group_bound(i, p, read_chain_));
    if (cost + bound + quarter_mirror_ > cap_) return;
    if (seen_cheaper(i, p, may_skip, ran, solved, cost)) return;
    if (i < lay_->first_tail) return end_tail(p, may_skip, ran, cost, solved);
    int slot = lay_->order[i];
    int total = lay_->total_of[slot];  // the total a quarter cell sums into, -1 for a total
    int side = lay_->side[slot];       // which total's identity the slot belongs to
    int mate = relaxed_ ? -1 : lay_->mate[slot];
    int known = relaxed_ ? -1 : read_sums_index(slot);
    bool forced_free = !relaxed_ && solved.slot[side] < 0 && solved.taken() < max_forced_;
    Option opts[5];
    int n_opts = options(p, ran, forced_free, opts);
    for (int o = 0; o < n_opts; ++o) {
      const Option& op = opts[o];
      if (cost + op.cost + quarter_mirror_ > cap_) continue;
      bool solving = op.source == FORCED;
      i64 part = (total >= 0 && !solving) ? op.value : 0;
      int t = total >= 0 ? lay_->side[total] : 0;
      if (part && !relaxed_) {
        i64 tv = has_slot_[total] ? slot_val_[total] : -1;
        if (sums_exceed(part_sum_[t] + part, tv)) continue;  // the quarter cells read so far exceed their total
      }
      if (!relaxed_ && !solving && is_last_part(slot) && solved.slot[side] < 0) {
        i64 tv = slot_val_[total];  // the total's last quarter cell, nothing left to solve: the sum must hold
        if (tv >= 0 && part_sum_[t] + part != tv) continue;
      }
      slot_val_[slot] = op.value;
      slot_src_[slot] = op.source;
      tail_hash_[i] = combine(tail_hash_[i + 1], op.value);
      has_slot_[slot] = 1;
      part_sum_[t] += part;
      // a quarter whose programmed and executed cells differ has a month that differs
      bool differs = mate >= 0 && !solving && slot_src_[mate] != FORCED && slot_val_[mate] != op.value;
      quarter_mirror_ += P_->mirror * differs;
      bool took = takes_field(op.source);
      Solved now_solved = solving ? solved.with(side, slot) : solved;
      bool sum_read = known >= 0 && !solving;  // one more month group's sum (or META ANUAL's) known
      int outer_chain = read_chain_;
      Step outer_step = step_;
      i64 outer_sum = sum_read ? read_sums_.v[known] : 0;
      if (sum_read) {
        read_sums_.v[known] = op.value;
        read_chain_ = STALE;
        step_ = Step{outer_chain, known, op.value};
      }
      int low = after_low(i, op.next);
      for (int nxt = op.next; nxt >= low; --nxt) tail(i - 1, nxt, took, took, cost + op.cost, now_solved);
      if (sum_read) {
        read_sums_.v[known] = outer_sum;
        read_chain_ = outer_chain;
        step_ = outer_step;
      }
      quarter_mirror_ -= P_->mirror * differs;
      part_sum_[t] -= part;
      has_slot_[slot] = 0;
    }
    if (may_skip && p > 0) {
      int c = skip_of_[p - 1];
      if (cost + c <= cap_) {
        skipped_.push_back(p - 1);
        tail(i, p - 1, true, ran, cost + c, solved);
        skipped_.pop_back();
      }
    }
  }

  // Whether quarter cells summing to `sum` exceed their total `total` (-1: not read, or to be solved).
  static bool sums_exceed(i64 sum, i64 total) { return total >= 0 && sum > total; }

  bool is_last_part(int slot) const { return slot == lay_->last_parts[0] || slot == lay_->last_parts[1]; }

  // Solve the forced tail values, check the total identities, then read the months.
  void end_tail(int p, bool may_skip, bool ran, int cost, Solved solved) {
    i64 v[N_SLOTS];
    for (int j = lay_->first_tail; j < n_; ++j) v[lay_->order[j]] = slot_val_[lay_->order[j]];
    int extra = 0;
    for (int side = 0; side < 2; ++side) {
      int total = lay_->totals[side];
      const std::vector<int>& parts = lay_->parts(side);
      int forced = solved.slot[side];
      bool forced_part = std::find(parts.begin(), parts.end(), forced) != parts.end();
      if (forced == total) {
        i64 s = 0;
        for (int q : parts) s += v[q];
        v[total] = s;
      } else if (forced_part) {
        i64 s = 0;
        for (int q : parts)
          if (q != forced) s += v[q];
        v[forced] = v[total] - s;
        if (v[forced] < 0) return;
      }
      i64 s = 0;
      for (int q : parts) s += v[q];
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
    int tid = targets_id(targets, h);
    int first = lay_->first_tail - 1;
    int groups = month_chains_[tid][first];  // the month groups' edits, at least
    int edits = groups >= 0 && p < m_ ? chain_at(groups, p)[p] : 0;
    if (cost + extra + floors_[tid][first] + edits > cap_) return;
    int allowed = cap_ - cost - extra;
    MemoEntry res = months(tid, targets, first, p, may_skip, ran, MonthsForced::none_pending(solved.taken()), 0, allowed);
    if (res.count == 0) return;
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
      if (c.cost > allowed) continue;  // a memoised larger allowance
      for (int j = 0; j < c.len; ++j) {
        full[j] = c.vals[j];
        srcs[j] = c.srcs[j];
      }
      uint64_t skip[2] = {tail_skip[0] | c.skip[0], tail_skip[1] | c.skip[1]};
      record(full, srcs, cost + extra + c.cost - known_mirror(c), skip);
    }
  }

  // -- months and META ANUAL: memoised dynamic programme (transforms/readings/months.py) ----------------

  SlimMap<Targets, int> target_ids_;                    // an id per set of targets the tail fixed
  int n_targets_ = 0;
  std::vector<std::array<int, MAX_MONTHS>> floors_;     // per targets id: mirror_floor()
  std::vector<std::array<int, MAX_MONTHS>> month_chains_;  // per targets id: month_chains()
  SlimMap<MonthKey, MemoEntry> memo_;
  Arena arena_;  // every memoised completion
  // A sub-state's completions and what reading this position adds to them (source -1: a skipped field).
  struct Part {
    MemoEntry sub;
    i64 value;
    int spend, source;
  };
  std::vector<Part> parts_;  // months(): sub-states of the states being built, innermost last
  Built built_;              // months(): the completions of the state being built

  // The id of a set of targets (their bounds computed when first seen).
  int targets_id(const Targets& targets, uint64_t h) {
    bool inserted;
    int tid = target_ids_.upsert(targets, h, n_targets_, inserted);
    if (inserted) {
      ++n_targets_;
      floors_.push_back(mirror_floor(targets));
      month_chains_.push_back(month_chains(targets));
    }
    return tid;
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

  // Every distinct reading of positions 0..i within `allowed` score points (edits plus the mirror
  // evidence of the month pairs it reads), as a range of arena_ (entries dearer than `allowed` are
  // skipped by the caller: a memoised larger allowance). `partial`: the sum of the group's months read.
  MemoEntry months(int tid, const Targets& targets, int i, int p, bool may_skip, bool ran, MonthsForced forced,
                   i64 partial, int allowed) {
    // Nothing within reach: no completion (cheaper to check again than to remember).
    if (allowed < 0) return MemoEntry{allowed, 0, 0};
    int least = std::max(lower_bound(i, p), owed(forced.used()));
    if (i >= 0) {
      int groups = month_chains_[tid][i];  // a month group starts here
      if (groups >= 0 && p < m_) least = std::max(least, chain_at(groups, p)[p]);
      least += floors_[tid][i];
    }
    if (least > allowed) return MemoEntry{allowed, 0, 0};
    MonthKey key = month_key(tid, i, p, may_skip, ran, forced, max_forced_, min_forced_, partial);
    uint64_t h = combine(key.packed, partial);
    if (MemoEntry* hit = memo_.find(key, h); hit && allowed <= hit->allowed)
      return MemoEntry{allowed, hit->start, hit->count};  // a larger allowance holds every cheaper one
    step();
    if (i < 0) return remember(key, h, every_field_skipped(p, allowed));
    i64 target;
    if (i == 0) {
      target = targets.v[targets.len - 1];  // META ANUAL = total programmed
    } else {
      target = targets.v[lay_->target_of[i]];
      if (lay_->opens[i]) partial = 0;
    }
    // First every sub-state's completions (memoised in arena_), then this state's, built straight
    // into arena_ after them.
    size_t base = parts_.size();
    Option opts[5];
    int n_opts = options(p, ran, !relaxed_ && forced.used() < max_forced_ && !forced.pending(), opts);
    for (int o = 0; o < n_opts; ++o) {
      i64 value = opts[o].value;
      int source = opts[o].source;
      MonthsForced now = forced;
      if (source == FORCED && i == 0) {
        value = target;  // META ANUAL solved: it is total programmed
        now = forced.with_meta();
      } else if (source == FORCED) {
        now = forced.with_month();  // a month solved from its group's sum, once the group is read
      }
      int extra = 0;
      i64 next_partial = partial + std::max<i64>(value, 0);
      if (i == 0 || lay_->closes[i]) {
        bool ok = now.pending() ? next_partial <= target : next_partial == target;
        if (i == 0) ok = value == target;
        if (!ok) {
          if (!relaxed_) continue;
          extra = P_->violation;
        }
        now = now.settled();
        next_partial = 0;
      } else if (!relaxed_ && next_partial > target) {
        continue;
      }
      int spend = opts[o].cost + extra;
      if (spend > allowed) continue;
      bool took = takes_field(source);
      int q = opts[o].next, low = after_low(i, q);
      for (int nxt = q; nxt >= low; --nxt) {
        MemoEntry sub = months(tid, targets, i - 1, nxt, took, took, now, next_partial, allowed - spend);
        if (sub.count) parts_.push_back(Part{sub, value, spend, source});
      }
    }
    if (may_skip && p > 0) {
      int cost = skip_of_[p - 1];
      if (cost <= allowed) {
        MemoEntry sub = months(tid, targets, i, p - 1, true, ran, forced, partial, allowed - cost);
        if (sub.count) parts_.push_back(Part{sub, 0, cost, -1});
      }
    }
    MemoEntry entry = build(base, i, p, allowed);
    parts_.resize(base);
    return remember(key, h, entry);
  }

  // The completion of no position: every field left skipped, if the allowance pays for it.
  MemoEntry every_field_skipped(int p, int allowed) {
    if (skip_cost_[p] > allowed) return MemoEntry{allowed, 0, 0};
    Comp c{};
    c.cost = skip_cost_[p];
    c.len = 0;
    c.hash = 0;
    for (int f = 0; f < p; ++f) add_skip(c.skip, f);
    arena_.push_back(c);
    return MemoEntry{allowed, static_cast<uint32_t>(arena_.size() - 1), 1};
  }

  // The distinct completions of position i from the sub-states parts_[base..], appended to arena_ in
  // the order first met (as a Python dict: a cheaper completion of the same values replaces cost,
  // sources and skips, and keeps its place).
  MemoEntry build(size_t base, int i, int p, int allowed) {
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
    return MemoEntry{allowed, start, static_cast<uint32_t>(arena_.size() - start)};
  }

  MemoEntry remember(const MonthKey& key, uint64_t h, MemoEntry entry) {
    bool inserted;
    memo_.upsert(key, h, entry, inserted) = entry;
    return entry;
  }

  // -- the readings found -----------------------------------------------------------------------------

  SlimMap<Values35, size_t> found_index_;  // per set of values: its index in found

  // Keep a reading (values by position in printed order), unless one with its values costs no more.
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

// -- the passes over a row (transforms/readings/engine.py) -------------------------------------------

struct Outcome {
  bool over_budget = false;
  long used = 0;     // search steps
  int cleared = -1;  // the largest cap searched in full without a reading (-1: none)
  int best = -1;     // the best score found (-1: none)
  std::vector<Found> tied;  // the readings within the margin of the best score, in the order found
};

// Per cap, a pass per forced-value limit until one finds readings; a further limit only once the
// cap can pay for its forced values (the relaxed search forces none: its first limit only).
void run_passes(Search& s, const Params& P, bool relaxed, int margin, long budget, Outcome& out) {
  for (int cap : P.caps) {
    int least = 0;  // forced values a reading found at this cap takes: more than the pass before allowed
    for (size_t k = 0; k < P.forced_limits.size(); ++k) {
      int limit = P.forced_limits[k];
      if (k > 0 && (relaxed || cap < limit * P.forced)) continue;
      s.run(cap, budget - out.used, limit, least);
      out.used += s.nodes;
      if (s.found.empty()) {
        least = limit + 1;
        continue;
      }
      // The pass found every reading scoring up to its cap; one within the margin may score more. And
      // the limit must not decide the row: when a reading found solves as many values as the pass
      // allows, readings that solve one more join the tie.
      int top = INT32_MAX;
      for (const Found& f : s.found) top = std::min(top, f.cost + s.mirror_cost(f.values));
      out.best = top;
      bool binding = false;
      for (const Found& f : s.found)
        binding = binding || std::count(f.sources.begin(), f.sources.end(), FORCED) >= limit;
      int tie_limit = binding ? limit + 1 : limit;
      if (top + margin > cap || tie_limit != limit) {
        s.run(top + margin, budget - out.used, tie_limit, 0);
        out.used += s.nodes;
      }
      return;
    }
    out.cleared = cap;
  }
}

// The readings of one row within `margin` of the best score.
void search_row(Search& s, const std::vector<int>& kinds, const std::vector<i64>& vals, const Layout& lay,
                const Params& P, bool relaxed, int margin, long budget, Outcome& out) {
  s.reset(kinds, vals, lay, P, relaxed);
  try {
    run_passes(s, P, relaxed, margin, budget, out);
  } catch (const OverBudget&) {
    out.over_budget = true;
    return;
  }
  int top = INT32_MAX;
  for (Found& f : s.found) {
    f.score = f.cost + s.mirror_cost(f.values);
    top = std::min(top, f.score);
  }
  for (Found& f : s.found)
    if (f.score <= top + margin) out.tied.push_back(std::move(f));
}

// -- reading the layout and the costs by name --------------------------------------------------------

// The names the core reads: every field of transforms/readings/layout.py's Layout, and the costs of
// transforms/readings/model.py. prepare_layout() and prepare_params() refuse a dict with a name
// missing or one more.
constexpr const char* LAYOUT_FIELDS[] = {
    "order", "first_tail", "targets", "target_of", "opens", "closes", "gap", "free_empties", "totals", "q_prog",
    "q_exec", "total_of", "side", "last_parts", "mirror", "partner", "quarter_pairs", "mate", "group_starts",
    "group_slots",
};
constexpr const char* PARAM_FIELDS[] = {
    "vanish", "vanish_dense", "extra_empty", "copy", "stray", "forced", "mirror", "violation", "forced_limits", "caps",
};

PyObject* names_tuple(const char* const* names, size_t n) {
  PyObject* t = PyTuple_New(static_cast<Py_ssize_t>(n));
  for (size_t j = 0; t && j < n; ++j) {
    PyObject* s = PyUnicode_FromString(names[j]);
    if (!s) {
      Py_CLEAR(t);
      break;
    }
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(j), s);
  }
  return t;
}

// Whether `dict` is a dict whose keys are exactly `names` (else a ValueError naming the difference).
template <size_t N>
bool same_names(PyObject* dict, const char* what, const char* const (&names)[N]) {
  if (!PyDict_Check(dict)) {
    PyErr_Format(PyExc_TypeError, "the %s must be a dict of its fields by name", what);
    return false;
  }
  for (const char* name : names)
    if (!PyDict_GetItemString(dict, name)) {
      PyErr_Format(PyExc_ValueError, "the %s lacks field '%s', which the compiled core reads", what, name);
      return false;
    }
  if (PyDict_Size(dict) == static_cast<Py_ssize_t>(N)) return true;
  PyObject *key, *value;
  Py_ssize_t pos = 0;
  while (PyDict_Next(dict, &pos, &key, &value)) {
    const char* name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : nullptr;
    if (!name) break;
    if (std::none_of(std::begin(names), std::end(names), [&](const char* n) { return std::string(n) == name; })) {
      PyErr_Format(PyExc_ValueError, "the %s has field '%s', which the compiled core does not read", what, name);
      return false;
    }
  }
  if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "the %s's fields must be named by strings", what);
  return false;
}

// A Python sequence of integers into `out`.
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

// dict[name] into `out`: an integer, or a sequence of integers (sequences of W-tuples flattened).
bool read(PyObject* dict, const char* name, int& out) {
  out = static_cast<int>(PyLong_AsLong(PyDict_GetItemString(dict, name)));
  return !PyErr_Occurred();
}

template <class T>
bool read(PyObject* dict, const char* name, std::vector<T>& out) {
  return int_vector(PyDict_GetItemString(dict, name), out);
}

template <size_t W>
bool read(PyObject* dict, const char* name, std::vector<std::array<int, W>>& out) {
  PyObject* fast = PySequence_Fast(PyDict_GetItemString(dict, name), "expected a sequence of tuples");
  if (!fast) return false;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
  out.resize(n);
  bool ok = true;
  for (Py_ssize_t j = 0; ok && j < n; ++j) {
    std::vector<int> row;
    ok = int_vector(PySequence_Fast_GET_ITEM(fast, j), row) && row.size() == W;
    if (ok) std::copy(row.begin(), row.end(), out[j].begin());
    else if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "layout field '%s': expected %d-tuples", name, int(W));
  }
  Py_DECREF(fast);
  return ok;
}

template <size_t W>
bool read(PyObject* dict, const char* name, std::array<int, W>& out) {
  std::vector<int> flat;
  if (!int_vector(PyDict_GetItemString(dict, name), flat)) return false;
  if (flat.size() != W) {
    PyErr_Format(PyExc_ValueError, "layout field '%s': expected %d integers", name, int(W));
    return false;
  }
  std::copy(flat.begin(), flat.end(), out.begin());
  return true;
}

bool read_layout(PyObject* dict, Layout& lay) {
  if (!same_names(dict, "layout", LAYOUT_FIELDS)) return false;
  std::vector<std::array<int, 2>> mirror;
  std::vector<std::array<int, 3>> quarters;
  bool ok = read(dict, "order", lay.order) && read(dict, "first_tail", lay.first_tail) &&
            read(dict, "targets", lay.targets) && read(dict, "target_of", lay.target_of) &&
            read(dict, "opens", lay.opens) && read(dict, "closes", lay.closes) && read(dict, "gap", lay.gap) &&
            read(dict, "free_empties", lay.free_empties) && read(dict, "totals", lay.totals) &&
            read(dict, "q_prog", lay.q_prog) && read(dict, "q_exec", lay.q_exec) &&
            read(dict, "total_of", lay.total_of) && read(dict, "side", lay.side) &&
            read(dict, "last_parts", lay.last_parts) && read(dict, "mirror", mirror) &&
            read(dict, "partner", lay.partner) && read(dict, "quarter_pairs", quarters) &&
            read(dict, "mate", lay.mate) && read(dict, "group_starts", lay.group_starts) &&
            read(dict, "group_slots", lay.group_slots);
  if (!ok) return false;
  for (const auto& [a, b] : mirror) lay.mirror.push_back(MirrorPair{a, b});
  for (const auto& [a, b, last] : quarters) lay.quarter_pairs.push_back(QuarterPair{a, b, last});
  return true;
}

// Whether every value is in [lo, hi).
bool all_in(const std::vector<int>& v, int lo, int hi) {
  return std::all_of(v.begin(), v.end(), [&](int x) { return x >= lo && x < hi; });
}

// Whether the layout fits the core's capacities and holds together (indices in range, per-position
// and per-slot tables of their length), so that no row can read outside it.
bool layout_fits(const Layout& lay) {
  int n = static_cast<int>(lay.order.size()), n_targets = static_cast<int>(lay.targets.size());
  bool ok = n > 0 && n <= N_SLOTS && all_in(lay.order, 0, N_SLOTS) && lay.first_tail >= 3 &&
            lay.first_tail < n && lay.first_tail <= MAX_MONTHS && n - lay.first_tail <= MAX_TAIL && n_targets <= MAX_TARGETS &&
            all_in(lay.targets, 0, N_SLOTS);
  for (const std::vector<int>* per_position : {&lay.target_of, &lay.gap, &lay.free_empties, &lay.partner})
    ok = ok && static_cast<int>(per_position->size()) == n;
  ok = ok && static_cast<int>(lay.opens.size()) == n && static_cast<int>(lay.closes.size()) == n;
  for (const std::vector<int>* per_slot : {&lay.total_of, &lay.side, &lay.mate})
    ok = ok && per_slot->size() == N_SLOTS;
  ok = ok && all_in(lay.target_of, -1, n_targets) && all_in(lay.gap, 0, N_SLOTS) && all_in(lay.total_of, -1, N_SLOTS) &&
       all_in(lay.side, 0, 2) && all_in(lay.mate, -1, N_SLOTS) && all_in(lay.q_prog, 0, N_SLOTS) &&
       all_in(lay.q_exec, 0, N_SLOTS) && lay.q_prog.size() <= 4 && lay.q_exec.size() <= 4 && !lay.q_exec.empty();
  for (int s : {lay.totals[0], lay.totals[1], lay.last_parts[0], lay.last_parts[1]}) ok = ok && s >= 0 && s < N_SLOTS;
  for (int i = 0; ok && i < n; ++i) ok = lay.partner[i] >= -1 && lay.partner[i] < i;
  for (const MirrorPair& m : lay.mirror)
    ok = ok && m.programmed >= 0 && m.programmed < N_SLOTS && m.executed >= 0 && m.executed < N_SLOTS;
  for (const QuarterPair& q : lay.quarter_pairs)
    ok = ok && q.programmed >= 0 && q.programmed < n_targets && q.executed >= 0 && q.executed < n_targets &&
         q.last_month >= 0 && q.last_month < lay.first_tail;
  ok = ok && !lay.group_starts.empty() && lay.group_starts.size() < MAX_TARGETS &&
       lay.group_slots.size() == lay.group_starts.size();
  for (size_t j = 0; ok && j < lay.group_starts.size(); ++j) {
    int i = lay.group_starts[j];
    ok = i > 0 && i < lay.first_tail && lay.target_of[i] >= 0 && lay.group_slots[j] == lay.targets[lay.target_of[i]];
  }
  return ok;
}

bool read_params(PyObject* dict, Params& P) {
  if (!same_names(dict, "params", PARAM_FIELDS)) return false;
  return read(dict, "vanish", P.vanish) && read(dict, "vanish_dense", P.vanish_dense) &&
         read(dict, "extra_empty", P.extra_empty) && read(dict, "copy", P.copy) && read(dict, "stray", P.stray) &&
         read(dict, "forced", P.forced) && read(dict, "mirror", P.mirror) && read(dict, "violation", P.violation) &&
         read(dict, "forced_limits", P.forced_limits) && read(dict, "caps", P.caps);
}

// A forced-value limit of 0..2: 2 * (limit + 1) + 1 fits the three bits of the memo key (a tie takes one more).
bool params_fit(const Params& P) {
  return !P.forced_limits.empty() && all_in(P.forced_limits, 0, 3) && !P.caps.empty();
}

// -- Python glue ------------------------------------------------------------------------------------

constexpr const char* LAYOUT_CAPSULE = "transforms._search.Layout";
constexpr const char* PARAMS_CAPSULE = "transforms._search.Params";

template <class T>
void free_capsule(PyObject* capsule) {
  delete static_cast<T*>(PyCapsule_GetPointer(capsule, PyCapsule_GetName(capsule)));
}

// A T read from `dict` by name and checked once (else an error saying what does not fit), in a capsule.
template <class T>
PyObject* prepare(PyObject* dict, bool (*read)(PyObject*, T&), bool (*fits)(const T&), const char* capsule_name,
                  const char* misfit) {
  auto value = std::make_unique<T>();
  if (!read(dict, *value)) return nullptr;
  if (!fits(*value)) {
    PyErr_SetString(PyExc_ValueError, misfit);
    return nullptr;
  }
  PyObject* capsule = PyCapsule_New(value.get(), capsule_name, free_capsule<T>);
  if (capsule) value.release();
  return capsule;
}

// prepare_layout(layout: dict) -> an opaque layout for search().
PyObject* py_prepare_layout(PyObject*, PyObject* dict) {
  return prepare<Layout>(dict, read_layout, layout_fits, LAYOUT_CAPSULE,
                         "layout outside the compiled search's limits, or inconsistent");
}

// prepare_params(params: dict) -> opaque costs for search().
PyObject* py_prepare_params(PyObject*, PyObject* dict) {
  return prepare<Params>(dict, read_params, params_fit, PARAMS_CAPSULE,
                         "params outside the compiled search's limits (forced-value limits 0..2)");
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

// [(score, cost, values, sources, skipped), ...] of the tied readings.
PyObject* readings_list(const std::vector<Found>& tied) {
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(tied.size()));
  if (!list) return nullptr;
  for (size_t j = 0; j < tied.size(); ++j) {
    const Found& f = tied[j];
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
  return list;
}

// search(kinds, values, layout, params, relaxed, margin, budget) -> (readings, steps, cleared, best):
//   layout and params from prepare_layout() and prepare_params(); readings None over budget, else
//   [(score, cost, values, sources, skipped), ...]: those found within `margin` of the best score
//   (edit cost plus mirror evidence), in the order found; cleared, the largest cap searched in full
//   without a reading, and best, the best score found (-1: none).
PyObject* py_search(PyObject*, PyObject* args) {
  PyObject *kinds_o, *vals_o, *lay_o, *params_o;
  int relaxed, margin;
  long budget;
  if (!PyArg_ParseTuple(args, "OOOOpil", &kinds_o, &vals_o, &lay_o, &params_o, &relaxed, &margin, &budget))
    return nullptr;
  auto* lay = static_cast<const Layout*>(PyCapsule_GetPointer(lay_o, LAYOUT_CAPSULE));
  auto* P = lay ? static_cast<const Params*>(PyCapsule_GetPointer(params_o, PARAMS_CAPSULE)) : nullptr;
  if (!P) return nullptr;
  std::vector<int> kinds;
  std::vector<i64> vals;
  if (!int_vector(kinds_o, kinds) || !int_vector(vals_o, vals)) return nullptr;
  bool fits = kinds.size() == vals.size() && kinds.size() < MAX_FIELDS &&
              std::all_of(kinds.begin(), kinds.end(), [](int k) { return k >= NUM && k <= MARK; }) &&
              std::all_of(vals.begin(), vals.end(), [](i64 v) { return v >= 0 && v <= MAX_VALUE; });
  if (!fits) {
    PyErr_SetString(PyExc_ValueError, "row outside the compiled search's limits (fields or values)");
    return nullptr;
  }
  Outcome out;
  try {
    // Reused from row to row (the GIL is held throughout, so calls never overlap); a row that grew
    // the buffers past KEEP_BYTES gets them released after it.
    static std::unique_ptr<Search> held;
    if (!held || held->footprint() > KEEP_BYTES) held = std::make_unique<Search>();
    search_row(*held, kinds, vals, *lay, *P, relaxed != 0, margin, budget, out);
  } catch (const std::bad_alloc&) {
    return PyErr_NoMemory();
  }
  if (out.over_budget) return Py_BuildValue("(Olii)", Py_None, out.used, out.cleared, out.best);
  PyObject* list = readings_list(out.tied);
  if (!list) return nullptr;
  PyObject* result = Py_BuildValue("(Olii)", list, out.used, out.cleared, out.best);
  Py_DECREF(list);
  return result;
}

PyMethodDef methods[] = {
    {"prepare_layout", py_prepare_layout, METH_O, "An opaque layout for search(), from Layout's fields by name."},
    {"prepare_params", py_prepare_params, METH_O, "Opaque costs for search(), from the costs by name."},
    {"search", py_search, METH_VARARGS, "Readings of one row (compiled port of transforms.readings' search)."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef module = {PyModuleDef_HEAD_INIT, "transforms._search", "Compiled core of the readings search.", -1,
                      methods};

// The names and values the core shares with transforms/readings/model.py, for the tests to compare.
bool add_constants(PyObject* m) {
  PyObject* kinds = Py_BuildValue("{sisisi}", "NUM", NUM, "EMPTY", EMPTY, "MARK", MARK);
  PyObject* sources = Py_BuildValue("{sisisisisisi}", "FIELD", FIELD, "BLANK", BLANK, "VANISH", VANISH, "COPY", COPY,
                                    "FORCED", FORCED, "MARKED", MARKED);
  PyObject* layout = names_tuple(LAYOUT_FIELDS, std::size(LAYOUT_FIELDS));
  PyObject* params = names_tuple(PARAM_FIELDS, std::size(PARAM_FIELDS));
  bool ok = kinds && sources && layout && params && PyModule_AddObjectRef(m, "FIELD_KINDS", kinds) == 0 &&
            PyModule_AddObjectRef(m, "SOURCES", sources) == 0 && PyModule_AddObjectRef(m, "LAYOUT_FIELDS", layout) == 0 &&
            PyModule_AddObjectRef(m, "PARAM_FIELDS", params) == 0;
  Py_XDECREF(kinds);
  Py_XDECREF(sources);
  Py_XDECREF(layout);
  Py_XDECREF(params);
  return ok;
}

}  // namespace

PyMODINIT_FUNC PyInit__search(void) {
  PyObject* m = PyModule_Create(&module);
  if (m && !add_constants(m)) Py_CLEAR(m);
  return m;
}
