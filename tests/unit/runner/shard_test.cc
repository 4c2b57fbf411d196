// Sharding a plan: SelectShard, ParseShardSpec and the plan digest.
#include <gtest/gtest.h>

#include <map>

#include "tlsconform/runner/plan.h"

namespace tlsconform::runner {
namespace {

std::vector<PlannedCase> Plan(size_t size) {
  std::vector<PlannedCase> plan(size);
  for (size_t i = 0; i < size; ++i) {
    plan[i].id = "server/openssl/tls1.3/case::" + std::to_string(i);
    plan[i].position = i;
  }
  return plan;
}

TEST(SelectShard, EveryCaseLandsInExactlyOneShardInPlanOrder) {
  for (size_t size : {0u, 1u, 2u, 7u, 56u}) {
    for (int total : {1, 2, 3, 4, 9}) {
      SCOPED_TRACE("plan of " + std::to_string(size) + ", " + std::to_string(total) + " shards");
      const std::vector<PlannedCase> plan = Plan(size);
      std::map<std::string, int> seen;

      for (int index = 1; index <= total; ++index) {
        const std::vector<PlannedCase> shard = SelectShard(plan, {index, total});
        for (size_t i = 0; i < shard.size(); ++i) {
          ++seen[shard[i].id];
          EXPECT_EQ(shard[i].position % total, static_cast<size_t>(index - 1));
          if (i > 0) {
            EXPECT_LT(shard[i - 1].position, shard[i].position);  // plan order kept
          }
        }
      }

      EXPECT_EQ(seen.size(), size);
      for (const auto& [id, count] : seen) {
        EXPECT_EQ(count, 1) << id;
      }
    }
  }
}

TEST(SelectShard, OneShardIsTheWholePlan) {
  const std::vector<PlannedCase> plan = Plan(5);

  const std::vector<PlannedCase> shard = SelectShard(plan, {1, 1});

  ASSERT_EQ(shard.size(), plan.size());
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(shard[i].id, plan[i].id);
    EXPECT_EQ(shard[i].position, i);
  }
}

TEST(SelectShard, TakesEveryNthCaseFromItsIndex) {
  const std::vector<PlannedCase> shard = SelectShard(Plan(8), {2, 3});

  ASSERT_EQ(shard.size(), 3u);
  EXPECT_EQ(shard[0].position, 1u);
  EXPECT_EQ(shard[1].position, 4u);
  EXPECT_EQ(shard[2].position, 7u);
}

TEST(SelectShard, MoreShardsThanCasesLeavesTheLastOnesEmpty) {
  EXPECT_EQ(SelectShard(Plan(2), {2, 4}).size(), 1u);
  EXPECT_TRUE(SelectShard(Plan(2), {3, 4}).empty());
}

struct ShardTextRow {
  const char* name;
  const char* text;
  bool ok;
  int index;
  int total;
};

class ParseShardSpecTest : public ::testing::TestWithParam<ShardTextRow> {};

TEST_P(ParseShardSpecTest, ReadsOneBasedIndexOverTotal) {
  const ShardTextRow& row = GetParam();

  Result<ShardSpec> shard = ParseShardSpec(row.text);

  ASSERT_EQ(shard.ok(), row.ok) << shard.status().message();
  if (row.ok) {
    EXPECT_EQ(shard->index, row.index);
    EXPECT_EQ(shard->total, row.total);
  } else {
    EXPECT_NE(shard.status().message().find(row.text), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ParseShardSpecTest,
                         ::testing::Values(ShardTextRow{"Second", "2/4", true, 2, 4},
                                           ShardTextRow{"Only", "1/1", true, 1, 1},
                                           ShardTextRow{"Last", "4/4", true, 4, 4},
                                           ShardTextRow{"ZeroIndex", "0/4", false, 0, 0},
                                           ShardTextRow{"IndexAboveTotal", "5/4", false, 0, 0},
                                           ShardTextRow{"ZeroTotal", "1/0", false, 0, 0},
                                           ShardTextRow{"Negative", "-1/4", false, 0, 0},
                                           ShardTextRow{"NoSlash", "2", false, 0, 0},
                                           ShardTextRow{"Trailing", "2/4x", false, 0, 0},
                                           ShardTextRow{"Spaces", " 2/4", false, 0, 0},
                                           ShardTextRow{"Empty", "", false, 0, 0}),
                         [](const ::testing::TestParamInfo<ShardTextRow>& info) {
                           return info.param.name;
                         });

TEST(PlanDigest, IsSha256OfTheIdsJoinedByNewlines) {
  std::vector<PlannedCase> plan(2);
  plan[0].id = "server/a/tls1.2/x::one";
  plan[1].id = "server/a/tls1.2/x::two";

  Result<std::string> digest = PlanDigest(plan);

  ASSERT_TRUE(digest.ok()) << digest.status().message();
  // python3 -c 'import hashlib; print(hashlib.sha256(
  //     b"server/a/tls1.2/x::one\nserver/a/tls1.2/x::two").hexdigest())'
  EXPECT_EQ(*digest, "684a2679405bdf8721c341d6011658910b0b867b1bf2abde536c85869e40136b");
  EXPECT_EQ(*DigestCaseIds({plan[0].id, plan[1].id}), *digest);
}

TEST(PlanDigest, OrderMatters) {
  EXPECT_NE(*DigestCaseIds({"a", "b"}), *DigestCaseIds({"b", "a"}));
  EXPECT_EQ(*DigestCaseIds({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace tlsconform::runner
