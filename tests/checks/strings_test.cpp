// Tests of the string check family: each rule with a failing and a passing device, and the
// corpus devices (BOS and IAD ones included) through the iad, bos and string families.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "checks/check.h"
#include "check_test_util.h"
#include "test_util.h"

namespace usbcheck {
namespace {

using test::is;
using test::message_of;
using test::result_of;

using checks::Status;



// iManufacturer 1, iProduct 2, iSerialNumber 0.
constexpr std::string_view k_device = "12 01 00 02 00 00 00 40 34 12 78 56 00 01 01 02 00 01";
constexpr std::string_view k_device_no_strings = "12 01 00 02 00 00 00 40 34 12 78 56 00 01 00 00 00 01";
constexpr std::string_view k_config = "09 02 12 00 01 01 00 80 32  09 04 00 00 00 ff 00 00 00";
constexpr std::string_view k_langids = "04 03 09 04";

usb::DescriptorSet probe(std::map<uint8_t, std::string> strings, std::string_view device = k_device) {
    test::FakeDevice fake;
    fake.device = std::string(device);
    fake.configs = {std::string(k_config)};
    fake.strings = std::move(strings);
    return test::probe_fake(fake);
}

// A device whose manufacturer string is `manufacturer` and whose product string is fine.
usb::DescriptorSet with_manufacturer(std::string manufacturer) {
    return probe({{0, std::string(k_langids)}, {1, std::move(manufacturer)}, {2, test::string_descriptor_hex("Widget")}});
}

usb::DescriptorSet good() { return with_manufacturer(test::string_descriptor_hex("Acme")); }

// ---- LANGID table

TEST(StringLangIdPresent, FailsWhenString0StallsButStringsAreReferenced) {
    const auto set = probe({{1, test::string_descriptor_hex("Acme")}, {2, test::string_descriptor_hex("Widget")}});
    EXPECT_TRUE(is(result_of(set, "string.langid.present"), Status::fail,
                   "string descriptor 0 (LANGID table) stalled but string indexes 1, 2 are referenced"));
}

TEST(StringLangIdPresent, PassesWithALangIdTable) { EXPECT_TRUE(is(result_of(good(), "string.langid.present"), Status::pass)); }

TEST(StringLangIdPresent, SkipsWhenNoStringIsReferenced) {
    EXPECT_TRUE(
        is(result_of(probe({}, k_device_no_strings), "string.langid.present"), Status::skip, "no string index is referenced"));
}

TEST(StringLangIdFormat, FailsOnAWrongType) {
    const auto r = result_of(probe({{0, "04 02 09 04"}}, k_device_no_strings), "string.langid.format");
    EXPECT_TRUE(is(r, Status::fail, "string descriptor 0 has bDescriptorType 0x02 but expected 0x03"));
    EXPECT_EQ(r.findings.at(0).location.offset, 1u);
}

TEST(StringLangIdFormat, FailsOnAnOddLength) {
    EXPECT_TRUE(is(result_of(probe({{0, "05 03 09 04 00"}}, k_device_no_strings), "string.langid.format"), Status::fail,
                   "string descriptor 0 has bLength 5 but expected an even 2 + 2*N"));
}

TEST(StringLangIdFormat, FailsWithoutAnyLangId) {
    EXPECT_TRUE(is(result_of(probe({{0, "02 03"}}, k_device_no_strings), "string.langid.format"), Status::fail,
                   "string descriptor 0 has bLength 2 but expected at least 4 (one LANGID)"));
}

TEST(StringLangIdFormat, FailsWhenBLengthExceedsTheBytes) {
    EXPECT_TRUE(is(result_of(probe({{0, "06 03 09 04"}}, k_device_no_strings), "string.langid.format"), Status::fail,
                   "string descriptor 0 has bLength 6 but the device returned 4 bytes"));
}

TEST(StringLangIdFormat, PassesOn0409) { EXPECT_TRUE(is(result_of(good(), "string.langid.format"), Status::pass)); }

TEST(StringLangIdValid, WarnsAboutAZeroPrimaryLanguage) {
    const auto r = result_of(probe({{0, "06 03 09 04 00 00"}}, k_device_no_strings), "string.langid.valid");
    EXPECT_TRUE(is(r, Status::warn, "the LANGID 0x0000 has primary language 0x000"));
    EXPECT_EQ(r.findings.at(0).location.offset, 4u);
}

TEST(StringLangIdValid, WarnsAboutAMissingSubLanguage) {
    EXPECT_TRUE(is(result_of(probe({{0, "04 03 09 00"}}, k_device_no_strings), "string.langid.valid"), Status::warn,
                   "the LANGID 0x0009 has primary language 0x009 and sub-language 0x0"));
}

TEST(StringLangIdValid, PassesOn0409) { EXPECT_TRUE(is(result_of(good(), "string.langid.valid"), Status::pass)); }

// ---- referenced indexes

TEST(StringIndexResolves, FailsWhenAReferencedIndexStalls) {
    const auto set = probe({{0, std::string(k_langids)}, {1, test::string_descriptor_hex("Acme")}});
    const auto r = result_of(set, "string.index.resolves");
    EXPECT_TRUE(is(r, Status::fail, "iProduct is 2 but string 2 stalled in LANGID 0x0409; expected a string descriptor"));
    EXPECT_EQ(r.findings.at(0).location.blob, "device");
    EXPECT_EQ(r.findings.at(0).location.offset, 15u);
}

TEST(StringIndexResolves, FailsWhenASecondLanguageIsMissing) {
    // The fake device serves strings only in 0x0409; 0x0407 is announced but stalls.
    const auto set =
        probe({{0, "06 03 09 04 07 04"}, {1, test::string_descriptor_hex("Acme")}, {2, test::string_descriptor_hex("Widget")}});
    EXPECT_TRUE(is(result_of(set, "string.index.resolves"), Status::fail, "string 1 stalled in LANGID 0x0407"));
}

TEST(StringIndexResolves, PassesWhenEveryIndexAnswers) {
    EXPECT_TRUE(is(result_of(good(), "string.index.resolves"), Status::pass));
}

// ---- string descriptors

TEST(StringDescriptorType, FailsOnAWrongType) {
    const auto r = result_of(with_manufacturer("06 04 41 00 42 00"), "string.descriptor.type");
    EXPECT_TRUE(is(r, Status::fail, "string 1 (LANGID 0x0409) has bDescriptorType 0x04 but expected 0x03"));
    EXPECT_EQ(r.findings.at(0).location.blob, "string[0x0409][1]");
    EXPECT_EQ(r.findings.at(0).location.offset, 1u);
}

TEST(StringDescriptorType, PassesOnGoodStrings) { EXPECT_TRUE(is(result_of(good(), "string.descriptor.type"), Status::pass)); }

TEST(StringDescriptorType, SkipsWhenNoStringIsReferenced) {
    EXPECT_TRUE(
        is(result_of(probe({}, k_device_no_strings), "string.descriptor.type"), Status::skip, "no string index is referenced"));
}

TEST(StringDescriptorEvenLength, FailsOnAnOddLength) {
    EXPECT_TRUE(is(result_of(with_manufacturer("05 03 41 00 42"), "string.descriptor.even-length"), Status::fail,
                   "string 1 (LANGID 0x0409) has bLength 5 but expected an even 2 + 2*characters"));
}

TEST(StringDescriptorEvenLength, PassesOnGoodStrings) {
    EXPECT_TRUE(is(result_of(good(), "string.descriptor.even-length"), Status::pass));
}

TEST(StringDescriptorLength, FailsWhenBLengthExceedsTheBytes) {
    EXPECT_TRUE(is(result_of(with_manufacturer("0a 03 41 00"), "string.descriptor.length"), Status::fail,
                   "string 1 (LANGID 0x0409) has bLength 10 but the device returned 4 bytes"));
}

TEST(StringDescriptorLength, FailsBelowTheHeader) {
    EXPECT_TRUE(is(result_of(with_manufacturer("00 03 41 00"), "string.descriptor.length"), Status::fail,
                   "string 1 (LANGID 0x0409) has bLength 0 but expected at least 2"));
}

TEST(StringDescriptorLength, PassesOnGoodStrings) {
    EXPECT_TRUE(is(result_of(good(), "string.descriptor.length"), Status::pass));
}

TEST(StringDescriptorMaxLength, FailsAt255Bytes) {
    std::string s = "ff 03";
    for (int i = 2; i < 255; ++i) s += " 41";
    EXPECT_TRUE(is(result_of(with_manufacturer(s), "string.descriptor.max-length"), Status::fail,
                   "has bLength 255 but expected at most 254 (126 characters)"));
}

TEST(StringDescriptorMaxLength, PassesAt126Characters) {
    EXPECT_TRUE(
        is(result_of(with_manufacturer(test::string_descriptor_hex(std::string(126, 'x'))), "string.descriptor.max-length"),
           Status::pass));
}

TEST(StringUtf16, WarnsAboutAnUnpairedSurrogate) {
    const auto r = result_of(with_manufacturer("06 03 41 00 00 d8"), "string.utf16");
    EXPECT_TRUE(is(r, Status::warn, "has an unpaired surrogate 0xd800 at offset 4"));
    EXPECT_EQ(r.findings.at(0).location.offset, 4u);
}

TEST(StringUtf16, PassesOnASurrogatePair) {
    EXPECT_TRUE(is(result_of(with_manufacturer("06 03 3d d8 00 de"), "string.utf16"), Status::pass));  // U+1F600
}

TEST(StringEmbeddedNul, WarnsAboutU0000) {
    const auto r = result_of(with_manufacturer("08 03 41 00 00 00 42 00"), "string.embedded-nul");
    EXPECT_TRUE(is(r, Status::warn, "string 1 (LANGID 0x0409) has U+0000 at offset 4 (character 2 of 3)"));
    EXPECT_EQ(r.findings.at(0).location.offset, 4u);
}

TEST(StringEmbeddedNul, PassesOnGoodStrings) { EXPECT_TRUE(is(result_of(good(), "string.embedded-nul"), Status::pass)); }

TEST(StringBlank, WarnsAboutTheHoltekSingleSpace) {
    EXPECT_TRUE(is(result_of(with_manufacturer("04 03 20 00"), "string.blank"), Status::warn,
                   "string 1 (LANGID 0x0409) is whitespace only (1 character(s): U+0020)"));
}

TEST(StringBlank, WarnsAboutAnEmptyString) {
    EXPECT_TRUE(
        is(result_of(with_manufacturer("02 03"), "string.blank"), Status::warn, "string 1 (LANGID 0x0409) is empty (bLength 2)"));
}

TEST(StringBlank, PassesOnGoodStrings) { EXPECT_TRUE(is(result_of(good(), "string.blank"), Status::pass)); }

// ---- corpus: IAD, BOS and string families over real devices

struct CorpusCase {
    const char* name;
    test::FakeDevice device;
    std::set<std::string> warnings;  // exactly the iad/bos/string checks expected to warn
};

std::string dev(uint16_t bcd, uint8_t cls, uint8_t sub, uint8_t proto) {
    return fmt::format("12 01 {:02x} {:02x} {:02x} {:02x} {:02x} 40 34 12 78 56 00 01 00 00 00 01", bcd & 0xFF, bcd >> 8, cls,
                       sub, proto);
}

constexpr std::string_view k_tinyusb_cdc_config =
    "09 02 4b 00 02 01 00 a0 32 08 0b 00 02 02 02 00 00 09 04 00 00 01 02 02 00 04 05 24 00 20 01 05 24 01 00 01 04 24 02 02 05 "
    "24 06 00 "
    "01 07 05 81 03 08 00 10 09 04 01 00 02 0a 00 00 00 07 05 02 02 40 00 00 07 05 82 02 40 00 00";

test::FakeDevice bos_device(uint16_t bcd, uint8_t cls, std::string_view bos) {
    test::FakeDevice d;
    const bool iad = cls == 0xEF;
    d.device = iad ? dev(bcd, 0xEF, 0x02, 0x01) : dev(bcd, cls, 0, 0);
    d.configs = {iad ? std::string(k_tinyusb_cdc_config) : std::string(k_config)};
    d.bos = std::string(bos);
    if (iad) d.strings = {{0, "04 03 09 04"}, {4, test::string_descriptor_hex("TinyUSB CDC")}};  // the config's iInterface 4
    return d;
}

std::vector<CorpusCase> corpus_cases() {
    std::vector<CorpusCase> cases;
    // hex.bos lines of /work/shared/corpus; device descriptors rebuilt from each file's bcdUSB and class, with the
    // TinyUSB CDC configuration standing in for the (unrecorded) configuration of the EF/02/01 devices.
    cases.push_back({"algoltek", bos_device(0x0320, 0x00, "050F160002071002060000000A1003020E00010AFF07"), {}});
    cases.push_back(
        {"genesys-hub",
         bos_device(0x0320, 0x09, "050F2A0003071002060000000A1003000E000108BE0014100400B26CE1101B7E4718846E85E94D73C8FC"),
         {}});
    cases.push_back({"huddly", bos_device(0x0210, 0xEF, "050F1600020710020E0100000A1003000F00010AFF01"), {}});
    cases.push_back({"sandisk", bos_device(0x0320, 0x00, "050F160002071002020000000A1003000E00010A0001"), {}});
    cases.push_back({"framework-hdmi",
                     bos_device(0x0201, 0x00,
                                "050F50000307100200000000141004000000000000000000000000000000000030100D07010000000300000000000000"
                                "00000000000000000000"
                                "00000000000000000000000000001001000001FF0008"),
                     {"bos.container-id.nonzero"}});
    cases.push_back(
        {"sunplusit",
         bos_device(0x0201, 0xEF, "050F2900021C100500DF60DDD88945C74C9CD2659D9E648A9F00000306340301000810110103000000"),
         {"bos.capability.unknown"}});
    // bcdUSB 0x0210 without a USB 2.0 Extension: the LPM rule warns (usb-reference Cautions), nothing fails.
    cases.push_back({"mnt-pocket-reform",
                     bos_device(0x0210, 0xEF, "050F2100011C10050063EC0A0174F5CD529DDA2852550D94F00E09010089004200"),
                     {"bos.usb2-ext.lpm"}});
    test::FakeDevice tiny;
    tiny.device = "12011002EF020140FECA1F40000101020301";
    tiny.configs = {
        "090262000301008032080B000202020000090400000102020004052400200105240100010424020605240600010705810308000109040100020A0000"
        "0007050202400000070582024000000904020002FF0000050705030240000007058302400000"};
    tiny.bos =
        "050F3900021810050038B60834A909A0478BFDA0768815B665000101011C100500DF60DDD88945C74C9CD2659D9E648A9F00000306B2000200";
    tiny.strings = {{0, "04 03 09 04"},
                    {1, test::string_descriptor_hex("TinyUSB")},
                    {2, test::string_descriptor_hex("TinyUSB Device")},
                    {3, test::string_descriptor_hex("123456")},
                    {4, test::string_descriptor_hex("TinyUSB CDC")},
                    {5, test::string_descriptor_hex("TinyUSB WebUSB")}};
    cases.push_back({"tinyusb-webusb", tiny, {"bos.usb2-ext.lpm"}});
    test::FakeDevice holtek;
    holtek.device = "1201100100000008D9040316100301020001";  // hex.descriptors split into device + configuration
    holtek.configs = {
        "09023B00020100A032090400000103010100092110010001223E000705810308000A0904010001030000000921100100012265000705820308000A"};
    holtek.strings = {{0, "04030904"}, {1, "04032000"}, {2, "1A0355005300420020004B006500790062006F00610072006400"}};
    cases.push_back({"holtek-keyboard", holtek, {"string.blank"}});
    test::FakeDevice easysmx;
    // iProduct and iSerialNumber were not dumped: set to 0 so only the captured manufacturer string is judged.
    easysmx.device = "12010002FFFFFF40242FBA00000101000001";
    easysmx.configs = {"0902310001010080FA0904000002FF5D010011210001012581140000000013020800000705810340000407050203400008"};
    easysmx.strings = {{0, "04030904"}, {1, "060320002000"}};
    cases.push_back({"easysmx-gamepad", easysmx, {"string.blank"}});
    return cases;
}

TEST(StringCorpus, IadBosAndStringFamiliesGiveTheCollectorsVerdicts) {
    for (const auto& c : corpus_cases()) {
        std::set<std::string> warned;
        for (const auto& r : checks::run_checks(test::probe_fake(c.device))) {
            const auto family = r.def->family();
            const bool ours = family == "bos" || family == "string" || r.def->id.substr(0, 8) == "ch9.iad.";
            if (!ours) continue;
            EXPECT_NE(r.status, Status::fail)
                << c.name << ": " << r.def->id << " failed: " << (r.findings.empty() ? "" : r.findings[0].message);
            EXPECT_NE(r.status, Status::error) << c.name << ": " << r.def->id << ": " << r.error;
            if (r.status == Status::warn) warned.insert(std::string(r.def->id));
        }
        EXPECT_EQ(warned, c.warnings) << c.name;
    }
}

}  // namespace
}  // namespace usbcheck
