// MergeShards: checks on the shard reports, and the whole run it rebuilds.
#include "tlsconform/reports/merge.h"

#include <gtest/gtest.h>

#include "sample_run.h"
#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

using samples::SampleCase;
using samples::SampleRun;

const std::string kDigest(64, 'c');

RunRecord WholeRun() {
  return SampleRun({SampleCase("key::a", Verdict::kPass), SampleCase("key::b", Verdict::kKnown),
                    SampleCase("key::c", Verdict::kPass), SampleCase("key::d", Verdict::kFail),
                    SampleCase("key::e", Verdict::kPass)});
}

// Shards cuts a whole run into `total` shard reports the way `run --shard I/N` writes them.
std::vector<ShardReport> Shards(const RunRecord& whole, int total) {
  std::vector<ShardReport> shards;
  for (int index = 1; index <= total; ++index) {
    RunRecord shard = whole;
    shard.cases.clear();
    for (const CaseRecord& record : whole.cases) {
      if (record.position % total == static_cast<size_t>(index - 1)) {
        shard.cases.push_back(record);
      }
    }
    shard.info.shard = ShardInfo{index, total, whole.cases.size(), kDigest};
    shard.info.started = "2026-01-02T03:04:0" + std::to_string(index) + "Z";
    shards.push_back({"s" + std::to_string(index) + "/report.json", shard});
  }
  return shards;
}

TEST(MergeShards, RebuildsTheWholeRunInPlanOrder) {
  std::vector<ShardReport> shards = Shards(WholeRun(), 3);
  std::swap(shards[0], shards[2]);  // the order on the command line does not matter

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_TRUE(merged.ok()) << merged.status().message();
  RunRecord expected = WholeRun();
  expected.info.started = "2026-01-02T03:04:01Z";  // the earliest shard's start
  EXPECT_EQ(RenderReportJson(*merged), RenderReportJson(expected));
}

TEST(MergeShards, MissingShardIsNamed) {
  std::vector<ShardReport> shards = Shards(WholeRun(), 3);
  shards.erase(shards.begin() + 1);

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("shard 2/3 is missing"), std::string::npos)
      << merged.status().message();
}

TEST(MergeShards, DuplicatedShardNamesBothFiles) {
  std::vector<ShardReport> shards = Shards(WholeRun(), 2);
  shards.push_back(shards[0]);
  shards.back().name = "copy/report.json";

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("copy/report.json: shard 1/2 is given twice (also "
                                           "s1/report.json)"),
            std::string::npos)
      << merged.status().message();
}

struct PlanMismatchRow {
  const char* name;
  void (*edit)(RunInfo&);
  const char* field;
};

class MergeShardsPlanTest : public ::testing::TestWithParam<PlanMismatchRow> {};

TEST_P(MergeShardsPlanTest, ShardOfAnotherPlanIsRejectedNamingItsFile) {
  std::vector<ShardReport> shards = Shards(WholeRun(), 2);
  GetParam().edit(shards[1].run.info);

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().message().rfind(std::string("s2/report.json: ") + GetParam().field, 0),
            0u)
      << merged.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Table, MergeShardsPlanTest,
    ::testing::Values(
        PlanMismatchRow{"Digest", [](RunInfo& i) { i.shard->plan_digest = std::string(64, 'd'); },
                        "shard.plan_digest"},
        PlanMismatchRow{"Policy", [](RunInfo& i) { i.policy = "other"; }, "policy"},
        PlanMismatchRow{"Seed", [](RunInfo& i) { i.seed = "other"; }, "seed"},
        PlanMismatchRow{"StrictReasons", [](RunInfo& i) { i.strict_reasons = true; },
                        "strict_reasons"},
        PlanMismatchRow{"Library", [](RunInfo& i) { i.backends[0].library = "OpenSSL 9"; },
                        "backends"},
        PlanMismatchRow{"Incomplete",
                        [](RunInfo& i) {
                          i.complete = false;
                          i.status = "interrupted";
                        },
                        "the run is interrupted"},
        PlanMismatchRow{"NotAShard", [](RunInfo& i) { i.shard.reset(); }, "not a shard report"}),
    [](const ::testing::TestParamInfo<PlanMismatchRow>& info) { return info.param.name; });

TEST(MergeShards, CaseOutsideItsShardIsNamed) {
  std::vector<ShardReport> shards = Shards(WholeRun(), 2);
  shards[1].run.cases[0].position = 2;  // an even position belongs to shard 1

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("s2/report.json: case server/openssl/tls1.3/key::b at "
                                           "position 2 is not part of shard 2/2"),
            std::string::npos)
      << merged.status().message();
}

TEST(MergeShards, ShardMissingCasesIsNamed) {
  std::vector<ShardReport> shards = Shards(WholeRun(), 2);
  shards[0].run.cases.pop_back();

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("s1/report.json: holds 2 cases, but shard 1/2"),
            std::string::npos)
      << merged.status().message();
}

TEST(MergeShards, StaleEntryInOneShardIsInUseWhenAnotherShardIsKnownThroughIt) {
  RunRecord whole = WholeRun();
  const StaleBaselineEntry in_use{
      "openssl", "server/openssl/*/key::*", "ACCEPT", "accepts small keys", {}};
  const StaleBaselineEntry stale{"openssl", "server/openssl/*/key::c", "ACCEPT", "gone", {}};
  std::vector<ShardReport> shards = Shards(whole, 2);
  // Shard 1 (a, c, e) saw no KNOWN case: both entries looked stale there. Shard 2 holds b,
  // which is KNOWN through the first.
  shards[0].run.info.stale_baseline = {in_use, stale};
  shards[0].run.info.stale_baseline[0].cases = {whole.cases[0].id, whole.cases[2].id};
  shards[0].run.info.stale_baseline[1].cases = {whole.cases[2].id};

  Result<RunRecord> merged = MergeShards(shards);

  ASSERT_TRUE(merged.ok()) << merged.status().message();
  ASSERT_EQ(merged->info.stale_baseline.size(), 1u);
  EXPECT_EQ(merged->info.stale_baseline[0].case_glob, "server/openssl/*/key::c");
  EXPECT_EQ(merged->info.stale_baseline[0].cases, std::vector<std::string>{whole.cases[2].id});
}

}  // namespace
}  // namespace tlsconform::reports
