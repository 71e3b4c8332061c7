// gpucat's commands. Each takes the arguments after its name and returns the
// process exit status: 0 success, 1 failure (one line on stderr), 2 usage
// error, 3 sync finished but some source failed (its previous offers kept).
#pragma once

#include <string>
#include <vector>

namespace gpucat::cli {

using Argv = std::vector<std::string>;

int RunSync(const Argv& args);
int RunServe(const Argv& args);
int RunOffers(const Argv& args);
int RunProviders(const Argv& args);
int RunCheck(const Argv& args);
int RunCompare(const Argv& args);
int RunRejects(const Argv& args);
int RunHistory(const Argv& args);
int RunEstimate(const Argv& args);

}  // namespace gpucat::cli
