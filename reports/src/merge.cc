#include "tlsconform/reports/merge.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace tlsconform::reports {
namespace {

std::string ShardName(const ShardInfo& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.total);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return "[" + out + "]";
}

std::string BackendsText(const std::vector<BackendInfo>& backends) {
  std::vector<std::string> items;
  for (const BackendInfo& backend : backends) {
    items.push_back(backend.name + " (" + backend.library + ", " + backend.capabilities.dump() +
                    ")");
  }
  return Join(items);
}

// CasesInShard is how many positions p < plan_size satisfy p % total == index - 1.
size_t CasesInShard(const ShardInfo& shard) {
  const size_t first = static_cast<size_t>(shard.index - 1);
  if (shard.plan_size <= first) {
    return 0;
  }
  return (shard.plan_size - first + static_cast<size_t>(shard.total) - 1) /
         static_cast<size_t>(shard.total);
}

// CheckSamePlan compares what makes two shards parts of one run; the first shard is the
// reference, so the message names the other file.
Status CheckSamePlan(const ShardReport& first, const ShardReport& other) {
  const RunInfo& a = first.run.info;
  const RunInfo& b = other.run.info;
  const std::tuple<const char*, std::string, std::string> fields[] = {
      {"shard.plan_digest", a.shard->plan_digest, b.shard->plan_digest},
      {"shard.total", std::to_string(a.shard->total), std::to_string(b.shard->total)},
      {"shard.plan_size", std::to_string(a.shard->plan_size), std::to_string(b.shard->plan_size)},
      {"profile", a.profile, b.profile},
      {"policy", a.policy, b.policy},
      {"suite", a.suite, b.suite},
      {"server_configurations", Join(a.server_configurations), Join(b.server_configurations)},
      {"seed", a.seed, b.seed},
      {"filters", Join(a.filters), Join(b.filters)},
      {"tier", a.tier, b.tier},
      {"strict_reasons", a.strict_reasons ? "true" : "false", b.strict_reasons ? "true" : "false"},
      {"gate", a.gate ? "true" : "false", b.gate ? "true" : "false"},
      {"tool_version", a.tool_version, b.tool_version},
      {"reference_backend", a.reference_backend, b.reference_backend},
      {"backends", BackendsText(a.backends), BackendsText(b.backends)},
  };
  for (const auto& [field, expected, actual] : fields) {
    if (expected != actual) {
      return InvalidInput(other.name + ": " + field + " is " + actual + " but " + expected +
                          " in " + first.name + ": shards of different plans or runs cannot be " +
                          "merged");
    }
  }
  return Status::Ok();
}

// CheckShardCases checks that a shard holds exactly the positions of its slice of the plan.
Status CheckShardCases(const ShardReport& report) {
  const ShardInfo& shard = *report.run.info.shard;
  const size_t total = static_cast<size_t>(shard.total);
  for (const CaseRecord& record : report.run.cases) {
    if (record.position >= shard.plan_size || record.position % total != shard.index - 1u) {
      return InvalidInput(report.name + ": case " + record.id + " at position " +
                          std::to_string(record.position) + " is not part of shard " +
                          ShardName(shard) + " of a plan of " + std::to_string(shard.plan_size) +
                          " cases");
    }
  }
  const size_t expected = CasesInShard(shard);
  if (report.run.cases.size() != expected) {
    return InvalidInput(report.name + ": holds " + std::to_string(report.run.cases.size()) +
                        " cases, but shard " + ShardName(shard) + " of a plan of " +
                        std::to_string(shard.plan_size) + " cases has " + std::to_string(expected));
  }
  return Status::Ok();
}

// A baseline entry is told apart by what the report says of it.
using EntryKey = std::tuple<std::string, std::string, std::string, std::string>;

EntryKey KeyOf(const StaleBaselineEntry& entry) {
  return {entry.backend, entry.case_glob, entry.observed, entry.reason};
}

// KnownThrough says whether `record` is a KNOWN case that `entry` made known.
bool KnownThrough(const CaseRecord& record, const StaleBaselineEntry& entry) {
  return record.verdict == Verdict::kKnown && record.backend == entry.backend &&
         record.observed == entry.observed && record.baseline_reason == entry.reason &&
         ::fnmatch(entry.case_glob.c_str(), record.id.c_str(), 0) == 0;
}

// MergeStale joins the shards' stale entries. An entry is stale for the whole plan when a
// shard found it stale (it matched cases there, none deviating) and no case anywhere is
// KNOWN through it. Entries keep the order the shards list them in (each shard lists them in
// baseline order), grouped by backend as a run lists them.
std::vector<StaleBaselineEntry> MergeStale(const std::vector<const ShardReport*>& shards,
                                           const std::vector<CaseRecord>& cases) {
  std::vector<StaleBaselineEntry> order;
  std::map<EntryKey, std::set<std::string>> matched;
  for (const ShardReport* shard : shards) {
    const std::vector<StaleBaselineEntry>& list = shard->run.info.stale_baseline;
    for (size_t k = 0; k < list.size(); ++k) {
      const EntryKey key = KeyOf(list[k]);
      auto same = [&key](const StaleBaselineEntry& e) { return KeyOf(e) == key; };
      if (std::find_if(order.begin(), order.end(), same) == order.end()) {
        // Place it after the entry the shard lists before it, or else at the front.
        auto at = order.begin();
        if (k > 0) {
          const EntryKey before = KeyOf(list[k - 1]);
          at = std::find_if(order.begin(), order.end(),
                            [&before](const StaleBaselineEntry& e) { return KeyOf(e) == before; });
          at = at == order.end() ? order.end() : at + 1;
        }
        order.insert(at, list[k]);
      }
      matched[key].insert(list[k].cases.begin(), list[k].cases.end());
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const StaleBaselineEntry& a, const StaleBaselineEntry& b) {
                     return a.backend < b.backend;
                   });

  std::vector<StaleBaselineEntry> stale;
  for (StaleBaselineEntry& entry : order) {
    if (std::any_of(cases.begin(), cases.end(),
                    [&entry](const CaseRecord& record) { return KnownThrough(record, entry); })) {
      continue;  // another shard's case still deviates as recorded: the entry is in use
    }
    const std::set<std::string>& ids = matched[KeyOf(entry)];
    entry.cases.clear();
    for (const CaseRecord& record : cases) {  // in plan order, as a whole run lists them
      if (ids.count(record.id) != 0) {
        entry.cases.push_back(record.id);
      }
    }
    stale.push_back(std::move(entry));
  }
  return stale;
}

}  // namespace

Result<RunRecord> MergeShards(const std::vector<ShardReport>& shards) {
  if (shards.empty()) {
    return InvalidInput("no shard report to merge");
  }

  // 1. Each report is a complete shard, and all are shards of the first one's plan.
  for (const ShardReport& report : shards) {
    if (!report.run.info.complete) {
      return InvalidInput(report.name + ": the run is " + report.run.info.status +
                          ", not complete: run this shard again");
    }
    if (!report.run.info.shard) {
      return InvalidInput(report.name +
                          ": not a shard report (its shard field is null): only the reports "
                          "of `tlsconform run --shard I/N` can be merged");
    }
    TLSCONFORM_RETURN_IF_ERROR(CheckSamePlan(shards.front(), report));
  }

  // 2. Every shard index 1..N exactly once.
  const ShardInfo& plan = *shards.front().run.info.shard;
  std::vector<const ShardReport*> by_index(static_cast<size_t>(plan.total), nullptr);
  for (const ShardReport& report : shards) {
    const ShardReport*& slot = by_index[static_cast<size_t>(report.run.info.shard->index - 1)];
    if (slot != nullptr) {
      return InvalidInput(report.name + ": shard " + ShardName(*report.run.info.shard) +
                          " is given twice (also " + slot->name + ")");
    }
    slot = &report;
  }
  for (size_t i = 0; i < by_index.size(); ++i) {
    if (by_index[i] == nullptr) {
      std::vector<std::string> given;
      for (const ShardReport& report : shards) {
        given.push_back(report.name + " (" + ShardName(*report.run.info.shard) + ")");
      }
      return InvalidInput("shard " + std::to_string(i + 1) + "/" + std::to_string(plan.total) +
                          " is missing; given: " + Join(given));
    }
  }

  // 3. Each shard holds exactly its slice, so together they hold the plan once.
  for (const ShardReport* report : by_index) {
    TLSCONFORM_RETURN_IF_ERROR(CheckShardCases(*report));
  }

  // 4. The whole run: cases in plan order, the span of the shards' times.
  RunRecord merged;
  merged.info = shards.front().run.info;
  merged.info.shard.reset();
  merged.info.complete = true;
  merged.info.status = "complete";
  for (const ShardReport* report : by_index) {
    merged.info.started = std::min(merged.info.started, report->run.info.started);
    merged.info.finished = std::max(merged.info.finished, report->run.info.finished);
    merged.cases.insert(merged.cases.end(), report->run.cases.begin(), report->run.cases.end());
  }
  std::sort(merged.cases.begin(), merged.cases.end(),
            [](const CaseRecord& a, const CaseRecord& b) { return a.position < b.position; });
  for (size_t position = 0; position < merged.cases.size(); ++position) {
    if (merged.cases[position].position != position) {
      return InvalidInput("the shards do not hold plan position " + std::to_string(position) +
                          " exactly once");
    }
  }
  merged.info.stale_baseline = MergeStale(by_index, merged.cases);
  return merged;
}

}  // namespace tlsconform::reports
