// SHA-256 of summary.json's inputs, against the FIPS 180-2 examples (appendix B) and the
// NIST "one million a" vector, in memory and from files larger than the read buffer.
#include "hublo/hublo.hpp"
#include "io/writers.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

using hublo::io::sha256;
using hublo::io::sha256_file;

TEST(Checksum, Fips180Examples) {
    EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Checksum, FilesAcrossReadBuffers) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("hublo_checksum_" + std::to_string(::getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << std::string(1000000, 'a');
    EXPECT_EQ(sha256_file(path),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 3.5 MB of varied bytes: the file, read in 1 MiB pieces, hashes as the whole string.
    std::string bytes(3500000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    EXPECT_EQ(sha256_file(path), sha256(bytes));
    std::filesystem::remove(path);
    EXPECT_THROW((void)sha256_file(path), hublo::Error);
}
