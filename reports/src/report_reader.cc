// Reading report.json back (reports/SCHEMA.md). Each field is checked for presence and type
// so that merge and diff fail on a broken report with the field's path, never on a guess.
#include "tlsconform/reports/report_reader.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

using nlohmann::json;

// FieldError carries a problem from deep inside the reading up to ParseReportJson, which
// turns it into an InvalidInput status naming the file. It never leaves this file.
struct FieldError {
  std::string field;
  std::string problem;
};

std::string TypeName(const json& value) { return value.is_null() ? "null" : value.type_name(); }

// Object is one JSON object being read, with its path from the top ("cases[3].expected").
class Object {
 public:
  Object(const json& value, std::string where) : value_(value), where_(std::move(where)) {
    if (!value_.is_object()) {
      throw FieldError{where_, "expected an object, found " + TypeName(value_)};
    }
  }

  const std::string& where() const { return where_; }
  std::string Path(const char* key) const { return where_.empty() ? key : where_ + "." + key; }
  bool Has(const char* key) const { return value_.contains(key); }

  const json& Get(const char* key) const {
    auto found = value_.find(key);
    if (found == value_.end()) {
      throw FieldError{Path(key), "missing"};
    }
    return *found;
  }

  const json& Typed(const char* key, bool ok, const char* expected) const {
    const json& value = Get(key);
    if (!ok) {
      throw FieldError{Path(key),
                       std::string("expected ") + expected + ", found " + TypeName(value)};
    }
    return value;
  }

  std::string String(const char* key) const {
    return Typed(key, Get(key).is_string(), "a string").get<std::string>();
  }

  std::optional<std::string> NullableString(const char* key) const {
    const json& value = Typed(key, Get(key).is_string() || Get(key).is_null(), "a string or null");
    return value.is_null() ? std::nullopt : std::optional<std::string>(value.get<std::string>());
  }

  std::string OneOf(const char* key, std::initializer_list<const char*> values) const {
    std::string value = String(key);
    std::string listed;
    for (const char* allowed : values) {
      if (value == allowed) {
        return value;
      }
      listed += (listed.empty() ? "" : ", ") + std::string(allowed);
    }
    throw FieldError{Path(key), "\"" + value + "\" is not one of " + listed};
  }

  bool Bool(const char* key) const {
    return Typed(key, Get(key).is_boolean(), "true or false").get<bool>();
  }

  long long Integer(const char* key, long long minimum) const {
    long long value = Typed(key, Get(key).is_number_integer(), "an integer").get<long long>();
    if (value < minimum) {
      throw FieldError{Path(key), std::to_string(value) + " is below " + std::to_string(minimum)};
    }
    return value;
  }

  double Number(const char* key) const {
    return Typed(key, Get(key).is_number(), "a number").get<double>();
  }

  const json& Array(const char* key) const { return Typed(key, Get(key).is_array(), "a list"); }

  std::vector<std::string> Strings(const char* key) const {
    std::vector<std::string> out;
    const json& list = Array(key);
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) {
        throw FieldError{Path(key) + "[" + std::to_string(i) + "]",
                         "expected a string, found " + TypeName(list[i])};
      }
      out.push_back(list[i].get<std::string>());
    }
    return out;
  }

  // ObjectOrNull returns a field that must be an object or null, as it is.
  const json& ObjectOrNull(const char* key) const {
    return Typed(key, Get(key).is_object() || Get(key).is_null(), "an object or null");
  }

 private:
  const json& value_;
  std::string where_;
};

Verdict ParseVerdict(const Object& object, const char* key) {
  const std::string name = object.String(key);
  for (Verdict verdict : kAllVerdicts) {
    if (name == VerdictName(verdict)) {
      return verdict;
    }
  }
  throw FieldError{object.Path(key),
                   "\"" + name +
                       "\" is not a verdict (PASS, FAIL, KNOWN, INFO, SKIP, CRASH, "
                       "TIMEOUT, ERROR)"};
}

CaseRecord ReadCase(const json& value, size_t index) {
  std::string where = "cases[" + std::to_string(index) + "]";
  if (value.is_object() && value.contains("id") && value["id"].is_string()) {
    where += " (" + value["id"].get<std::string>() + ")";
  }
  const Object object(value, where);

  CaseRecord record;
  record.id = object.String("id");
  record.position =
      object.Has("position") ? static_cast<size_t>(object.Integer("position", 0)) : index;
  record.role = object.OneOf("role", {"server", "client", "interop"});
  record.backend = object.String("backend");
  record.peer = object.String("peer");
  record.server_config = object.OneOf("server_config", {"defaults", "enforcing"});
  record.version = object.String("version");
  record.fixture_id = object.String("fixture");
  record.family = object.String("family");
  record.description = object.String("description");
  record.requirement = object.String("requirement");

  const Object expected(object.Get("expected"), object.Path("expected"));
  record.expected = expected.OneOf("verdict", {"ACCEPT", "REJECT", "INFO"});
  record.expected_reason = expected.NullableString("reason");
  record.observed = object.OneOf("observed", {"ACCEPT", "REJECT", "NONE"});
  record.reason = object.NullableString("reason");
  record.reason_differs = object.Bool("reason_differs");

  record.verdict = ParseVerdict(object, "verdict");
  record.detail = object.String("detail");
  if (!object.ObjectOrNull("baseline").is_null()) {
    const Object baseline(object.Get("baseline"), object.Path("baseline"));
    record.baseline_reason = baseline.String("reason");
    record.baseline_link = baseline.NullableString("link");
  }

  record.server = object.ObjectOrNull("server");
  record.client = object.ObjectOrNull("client");
  record.wire = object.Array("wire");
  record.duration_ms = object.Number("duration_ms");
  return record;
}

std::optional<ShardInfo> ReadShard(const Object& top) {
  if (!top.Has("shard") || top.Get("shard").is_null()) {
    return std::nullopt;
  }
  const Object object(top.Get("shard"), "shard");
  ShardInfo shard;
  shard.total = static_cast<int>(object.Integer("total", 1));
  shard.index = static_cast<int>(object.Integer("index", 1));
  if (shard.index > shard.total) {
    throw FieldError{"shard.index", std::to_string(shard.index) + " is above shard.total " +
                                        std::to_string(shard.total)};
  }
  shard.plan_size = static_cast<size_t>(object.Integer("plan_size", 0));
  shard.plan_digest = object.String("plan_digest");
  if (shard.plan_digest.size() != 64 ||
      shard.plan_digest.find_first_not_of("0123456789abcdef") != std::string::npos) {
    throw FieldError{"shard.plan_digest", "expected 64 lowercase hex digits (SHA-256)"};
  }
  return shard;
}

std::vector<StaleBaselineEntry> ReadStale(const Object& top) {
  std::vector<StaleBaselineEntry> entries;
  if (!top.Has("stale_baseline")) {
    return entries;
  }
  const json& list = top.Array("stale_baseline");
  for (size_t i = 0; i < list.size(); ++i) {
    const Object object(list[i], "stale_baseline[" + std::to_string(i) + "]");
    entries.push_back({object.String("backend"), object.String("case"),
                       object.OneOf("observed", {"ACCEPT", "REJECT"}), object.String("reason"),
                       object.Strings("cases")});
  }
  return entries;
}

std::vector<BackendInfo> ReadBackends(const Object& top) {
  std::vector<BackendInfo> backends;
  const json& list = top.Array("backends");
  for (size_t i = 0; i < list.size(); ++i) {
    const Object object(list[i], "backends[" + std::to_string(i) + "]");
    const json& capabilities =
        object.Typed("capabilities", object.Get("capabilities").is_object(), "an object");
    backends.push_back({object.String("name"), object.String("library"), capabilities});
  }
  return backends;
}

// CheckTotals compares the totals a writer derived with the cases read: a mismatch means the
// file was edited or cut.
void CheckTotals(const Object& top, const std::vector<CaseRecord>& cases) {
  const Object totals(top.Get("totals"), "totals");
  Tally tally;
  for (const CaseRecord& record : cases) {
    tally.Add(record);
  }
  auto check = [&totals](const char* key, int actual, const std::string& what) {
    const long long recorded = totals.Integer(key, 0);
    if (recorded != actual) {
      throw FieldError{totals.Path(key),
                       std::to_string(recorded) + ", but " + std::to_string(actual) + " " + what};
    }
  };
  for (Verdict verdict : kAllVerdicts) {
    check(VerdictName(verdict), tally.Count(verdict),
          std::string("cases are ") + VerdictName(verdict));
  }
  check("reason_differs", tally.reason_differs, "cases have reason_differs");
  check("total", tally.total, "cases are listed");
}

// CheckUnique rejects a case id or position that occurs twice: merge and diff key on both.
void CheckUnique(const std::vector<CaseRecord>& cases) {
  std::map<std::string, size_t> ids;
  std::map<size_t, size_t> positions;
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string where = "cases[" + std::to_string(i) + "] (" + cases[i].id + ")";
    if (auto [at, added] = ids.emplace(cases[i].id, i); !added) {
      throw FieldError{where + ".id", "repeats cases[" + std::to_string(at->second) + "]"};
    }
    if (auto [at, added] = positions.emplace(cases[i].position, i); !added) {
      throw FieldError{where + ".position", std::to_string(cases[i].position) + " repeats cases[" +
                                                std::to_string(at->second) + "]"};
    }
  }
}

RunRecord ReadRun(const json& document) {
  const Object top(document, "");
  if (!top.Has("schema") || top.Get("schema") != "tlsconform-report") {
    throw FieldError{"schema", "not a tlsconform report (expected \"tlsconform-report\")"};
  }
  const long long version = top.Integer("schema_version", 0);
  if (version != kReportSchemaVersion) {
    throw FieldError{"schema_version", std::to_string(version) +
                                           " is not supported (this tlsconform reads " +
                                           std::to_string(kReportSchemaVersion) + ")"};
  }

  RunRecord run;
  RunInfo& info = run.info;
  info.tool_version = top.String("tool_version");
  info.complete = top.Bool("complete");
  info.status = top.OneOf("status", {"complete", "interrupted"});
  info.exit_code = static_cast<int>(top.Integer("exit_code", 0));
  info.started = top.String("started");
  info.finished = top.String("finished");
  info.profile = top.String("profile");
  info.policy = top.String("policy");
  info.suite = top.String("suite");
  info.server_configurations = top.Strings("server_configurations");
  info.seed = top.String("seed");
  info.filters = top.Strings("filters");
  info.strict_reasons = top.Bool("strict_reasons");
  info.gate = top.Has("gate") ? top.Bool("gate") : false;
  info.tier = top.Has("tier") ? top.String("tier") : "full";
  info.stale_baseline = ReadStale(top);
  info.reference_backend = top.String("reference_backend");
  info.backends = ReadBackends(top);
  info.shard = ReadShard(top);

  const json& cases = top.Array("cases");
  for (size_t i = 0; i < cases.size(); ++i) {
    run.cases.push_back(ReadCase(cases[i], i));
  }
  CheckUnique(run.cases);
  CheckTotals(top, run.cases);
  return run;
}

}  // namespace

Result<RunRecord> ParseReportJson(const std::string& text, const std::string& name) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    // what() reads "[json.exception.parse_error.101] parse error at line 3, ...": keep the
    // part after the bracket, which says where.
    std::string what = error.what();
    const size_t bracket = what.find("] ");
    return InvalidInput(
        name + ": not JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)));
  }

  try {
    return ReadRun(document);
  } catch (const FieldError& error) {
    return InvalidInput(name + ": " + (error.field.empty() ? "" : error.field + ": ") +
                        error.problem);
  }
}

Result<RunRecord> ReadReportJson(const std::filesystem::path& given) {
  std::error_code ignored;
  const std::filesystem::path path =
      std::filesystem::is_directory(given, ignored) ? given / "report.json" : given;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      return NotFound(path.string() + ": no such file");
    }
    return IoError(path.string() + ": cannot read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return IoError(path.string() + ": read failed");
  }
  return ParseReportJson(text.str(), path.string());
}

}  // namespace tlsconform::reports
