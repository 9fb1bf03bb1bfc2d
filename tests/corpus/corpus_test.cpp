// One test case per real-device corpus file: usbcheck reads the file as its users would
// (`check --from FILE`) and its verdict is compared with the collector's expected verdict. Where
// usbcheck disagrees, or cannot judge yet, the case says why.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "checks/check.h"
#include "reports/report.h"
#include "test_util.h"
#include "usb/input.h"
#include "usb/probe.h"

using namespace usbcheck;

namespace {

enum class Verdict { conformant, quirky, known_bad };

struct Variant {
    std::string source_suffix;                // "#fs", "#hs" or "" for a single device
    Verdict verdict;
    std::vector<std::string> must_fail;       // check ids that must fail
    std::vector<std::string> must_warn;       // check ids that must warn
    std::vector<std::string> must_note;       // info-severity notes expected on passing checks
};

struct CorpusCase {
    std::string file;
    std::optional<usb::Speed> speed;   // as --speed; the collector's text names it where the input does not
    std::vector<Variant> variants;
    std::string explanation;           // where usbcheck's judgement differs from or goes beyond the collector's
};

const std::vector<CorpusCase> k_cases = {
    {"alcor-algoltek_au84612-card-reader_058f-8468.fwupd.txt", usb::Speed::super,
     {{"", Verdict::conformant, {}, {}, {}}}, ""},
    {"apple_wireless-keyboard_05ac-0256.hid-rdesc.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "only a Bluetooth HID report descriptor and no configuration, so the probe asks for no report descriptor and "
     "the hid checks skip here; tests/checks/hid_test.cpp judges its report descriptor directly: clean (report "
     "IDs 1, 0x47, 0x11, 0x12, 0x13, 0x09 used by every report, vendor pages are legal)"},
    {"asix_ax88772b-itec-CORRUPT-test-vector_0b95-772b.c-array.txt", std::nullopt,
     {{"#fs", Verdict::known_bad,
       {"ch9.config.num-interfaces", "ch9.config.attributes-one", "ch9.endpoint.attributes-reserved"}, {}, {}},
      {"#hs", Verdict::conformant, {}, {"ch9.device.max-packet-size0-high-speed"}, {}}},
     "the high-speed variant keeps the full-speed device descriptor's bMaxPacketSize0 8; USB 2.0 5.5.3 asks for "
     "64 at high speed (reported as a warning because that clause is not verified from the spec text)"},
    {"asus_rog-ally-n-key_0b05-1abe.fwupd.txt", std::nullopt, {{"", Verdict::quirky, {}, {"hid.boot.layout"}, {}}},
     "collector: quirky because interface 2 declares a boot keyboard but its report descriptor has no keyboard "
     "collection; hid.boot.layout warns (HID 1.11 appendix B.1; a warning because boot protocol ignores the "
     "descriptor, so the spec does not forbid it). The report descriptor is otherwise clean"},
    {"chicony_integrated-webcam_04f2-b67d.usbmon.txt", usb::Speed::high, {{"", Verdict::conformant, {}, {}, {}}},
     "bcdUSB 2.01 needs a BOS, but the capture holds no BOS request: bos.required is skipped, not failed"},
    {"csr_bluetooth-dongle-hci_0a12-0001.c-array.txt", std::nullopt, {{"#fs", Verdict::conformant, {}, {}, {}}}, ""},
    {"easysmx_pc-joystick-xinput_2f24-00ba.usbtreeview.txt", usb::Speed::full,
     {{"", Verdict::quirky, {}, {"string.blank"}, {}}},
     "MS OS 1.0: the 0xEE string (vendor code 0x90) passes msos1.os-string.*; the capture has no feature descriptors, "
     "so the compat ID and extended properties checks skip (not captured)"},
    {"espressif_esp32-tinyusb-dual-cdc_303a-4001.c-array.txt", std::nullopt,
     {{"#fs", Verdict::conformant, {}, {}, {"windows.prediction"}},
      {"#hs", Verdict::conformant, {}, {}, {"ch9.endpoint.long-interval", "windows.prediction"}}},
     "two CDC ACM functions, each in its IAD (02/02/00): every cdc. check passes; Windows 10+ predicted as composite "
     "with two usbser children (USB\\Class_02&SubClass_02 matches, the Prot_00 ID does not)"},
    {"espressif_esp32s3-tinyusb-cdc-msc-composite_303a-4001.c-array.txt", std::nullopt,
     {{"", Verdict::conformant, {}, {}, {"windows.prediction"}}},
     "CDC ACM in an IAD plus mass storage: cdc. checks pass; Windows 10+ predicted MI_00 usbser, MI_02 usbstor"},
    {"espressif_esp32s3-tinyusb-serial-device_303a-4001.c-array.txt", std::nullopt,
     {{"#fs", Verdict::conformant, {}, {}, {"windows.prediction"}},
      {"#hs", Verdict::conformant, {}, {}, {"ch9.endpoint.long-interval", "windows.prediction"}}},
     "TinyUSB ACM (IAD and interface protocol 00, bcdCDC 0x0120): cdc. checks pass (f_acm's values are not required); "
     "Windows 10+ predicted usbser on MI_00 through USB\\Class_02&SubClass_02"},
    {"framework_hdmi-expansion-card_32ac-0002.fwupd.txt", std::nullopt,
     {{"", Verdict::quirky, {}, {"bos.container-id.nonzero"}, {}}},
     "only the BOS is in the file: device and configuration checks skip, and with no configuration the probe asks "
     "for no report descriptor; tests/checks/hid_test.cpp judges report_descriptor.0 directly: clean (vendor "
     "page 0xFFEE feature/output reports with IDs 0xE0-0xE4)"},
    {"framework_laptop16-rgb-macropad_32ac-0013.fwupd.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "bcdUSB 2.10 but no BOS was recorded: bos.required is skipped as not captured, as the collector advises. The "
     "QMK raw HID report descriptor of interface 1 passes every hid check (32-byte reports, 32-byte endpoints)"},
    {"ftdi_ft2232-dual-uart_0403-6010.c-array.txt", std::nullopt,
     {{"#fs", Verdict::conformant, {}, {"windows.driver.none"}, {}}, {"#hs", Verdict::conformant, {}, {"windows.driver.none"}, {}}},
     "vendor-class serial bridge: no cdc. rule applies; windows.driver.none warns that no in-box driver binds (FTDI's "
     "driver comes by hardware ID from Windows Update, which no descriptor shows)"},
    {"genesys-logic_usb3.2-hub_05e3-0620.lsusb.txt", usb::Speed::super, {{"", Verdict::conformant, {}, {}, {}}},
     "the configuration was not rebuilt by the collector: configuration checks skip"},
    {"google_pixel3a-fastboot_18d1-4ee0.fwupd.txt", usb::Speed::high, {{"", Verdict::conformant, {}, {}, {}}}, ""},
    {"holtek_usb-keyboard_04d9-1603.umockdev+usbmon.txt", usb::Speed::low,
     {{"", Verdict::quirky, {}, {"string.blank", "hid.report.usage-range"}, {}}},
     "the second quirk (key array Usage Maximum 0x91 against Logical Maximum 255 in interface 0) is a "
     "hid.report.usage-range warning; the boot keyboard layout and interface 1's report descriptor are clean"},
    {"huddly_s1-camera_2bd9-a031.fwupd.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "only the BOS is in the file; a SuperSpeed capability on a bcdUSB 2.10 device is accepted"},
    {"jabra_panacast-50-video-bar_0b0e-3012.fwupd.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "only a HID report descriptor and no configuration, so the probe asks for none and the hid checks skip here; "
     "tests/checks/hid_test.cpp judges it directly: clean"},
    {"linuxhw_sandisk-ultra-fit_0781-5583.lsusb.txt", usb::Speed::super, {{"", Verdict::conformant, {}, {}, {}}},
     "no configuration in the file: configuration checks skip"},
    {"logitech_scribe-whiteboard-camera_046d-08e2.fwupd.txt", usb::Speed::high,
     {{"", Verdict::conformant, {}, {}, {}}}, ""},
    {"mnt_pocket-reform-sysctl-rp2040_1209-6d07.fwupd.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "only the BOS: a platform capability with a UUID that is neither MS OS 2.0 nor WebUSB is legal"},
    {"nzxt_kraken-lcd-aio_1e71-3012.msos10-partial.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "only the Microsoft OS string descriptor as bytes (vendor code 0xA7): msos1.os-string.* pass; the extended "
     "properties are in the file only as the collector's decoded summary, not bytes, so the msos1 feature checks skip "
     "(not captured) and cannot judge the dwLength 224 vs 146 mismatch the collector notes"},
    {"pi-engineering_kinesis-advantage-pro_05f3-0007.umockdev.txt", usb::Speed::full,
     {{"", Verdict::conformant, {}, {}, {}}},
     "the recording carries no report descriptors: the hid checks skip (not captured)"},
    {"pi-engineering_kinesis-keyboard-hub_05f3-0081.umockdev.txt", usb::Speed::full,
     {{"", Verdict::conformant, {}, {}, {}}}, ""},
    {"rapoo_2.4g-wireless-receiver_24ae-2013.c-array.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "two boot-keyboard interfaces are legal; nothing in chapter 9 forbids them. The file has no report "
     "descriptors, so the hid checks skip (not captured)"},
    {"realtek_rtl8153-axagon-usb-ethernet_0bda-8153.c-array.txt", std::nullopt,
     {{"#fs", Verdict::conformant, {}, {"windows.driver.none"}, {}}, {"#hs", Verdict::conformant, {}, {"windows.driver.none"}, {}}},
     "two configurations: Windows makes one device node from configuration 1 (vendor class FF), so its ECM "
     "configuration is never used there and ECM has no in-box driver anyway; windows.driver.none warns (Realtek's "
     "driver comes by hardware ID)"},
    {"sandisk_ultra-fit_0781-5583.fwupd.txt", usb::Speed::super, {{"", Verdict::conformant, {}, {}, {}}}, ""},
    {"silabs_cp210x-uart-bridge_10c4-ea60.c-array.txt", usb::Speed::full,
     {{"", Verdict::conformant, {}, {"windows.driver.none"}, {}}},
     "vendor-class serial bridge: no cdc. rule applies; windows.driver.none warns that no in-box driver binds (the "
     "CP210x driver comes by hardware ID)"},
    {"sino-wealth_usb-keyboard_258a-0001.lsusb.txt", std::nullopt, {{"", Verdict::conformant, {}, {}, {}}},
     "the report descriptors were not readable by the collector: the hid checks skip (not captured)"},
    {"sony-ericsson_xperia-mini-pro-mtp_0fce-0166.umockdev.txt", usb::Speed::high,
     {{"", Verdict::conformant, {}, {}, {}}}, ""},
    {"sunplusit_hd-camera_2b7e-b752.lsusb.txt", std::nullopt, {{"", Verdict::quirky, {}, {"bos.capability.unknown"}, {}}},
     "collector: conformant (quirky); usbcheck warns on the unknown capability type 0x11, as the collector suggests. "
     "The MS OS 2.0 set (820 bytes) was not captured, so the msos2 checks skip"},
    {"tinyusb_webusb-serial-example_cafe-401f.firmware.txt", usb::Speed::full,
     {{"", Verdict::quirky, {}, {"bos.usb2-ext.lpm"}, {"windows.prediction"}}},
     "collector: conformant; usbcheck adds a warning: bcdUSB 2.10 announces LPM but the BOS has no USB 2.0 "
     "Extension capability with the LPM bit (lsusb: \"Missing must-be-set LPM bit\"). A warning, per the "
     "reference's cautions, because devices use 2.10 only to get the BOS read. cdc. checks pass; Windows 10+ "
     "predicted MI_00 usbser and MI_02 winusb (MS OS 2.0 compatible ID WINUSB, DeviceInterfaceGUIDs registry value). "
     "Every msos2 check passes on its 178-byte set (configuration index 0, function subset on interface 2 of a "
     "two-function device)"},
    {"ugreen_15765a-bt-audio-dongle_0a12-4007.fwupd.txt", std::nullopt,
     {{"", Verdict::conformant, {}, {}, {"hid.report.max-packet"}}},
     "interface 1's vendor reports (up to 447 bytes) are longer than the 64-byte interrupt IN endpoint: an info "
     "note (several transactions), not a fault; interface 0's report descriptor was not recorded (skipped)"},
};

void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.file; }

std::string statuses(const std::vector<checks::CheckResult>& results, checks::Status status) {
    std::string out;
    for (const auto& r : results)
        if (r.status == status)
            out += std::string(r.def->id) + ": " + (r.findings.empty() ? r.error : r.findings[0].message) + "\n";
    return out;
}

const checks::CheckResult* result_for(const std::vector<checks::CheckResult>& results, const std::string& id) {
    for (const auto& r : results)
        if (r.def->id == id) return &r;
    return nullptr;
}

class Corpus : public testing::TestWithParam<CorpusCase> {};

}  // namespace

TEST_P(Corpus, VerdictMatchesOrIsExplained) {
    const CorpusCase& c = GetParam();
    if (!c.explanation.empty()) RecordProperty("explanation", c.explanation);
    auto input = usb::load_input_file(test::source_path("tests/corpus/" + c.file));
    ASSERT_TRUE(input) << input.error().message;
    EXPECT_EQ(input->format, usb::InputFormat::annotated_hex);
    ASSERT_EQ(input->devices.size(), c.variants.size());
    for (size_t i = 0; i < c.variants.size(); ++i) {
        const Variant& v = c.variants[i];
        auto& snapshot = input->devices[i];
        ASSERT_TRUE(snapshot.source.ends_with(c.file + v.source_suffix)) << snapshot.source;
        usb::ProbeOptions options;
        options.speed_override = c.speed;
        usb::ReplayDevice replay(std::move(snapshot));
        const auto set = usb::probe(replay, options);
        const auto results = checks::run_checks(set);
        const std::string fails = statuses(results, checks::Status::fail) + statuses(results, checks::Status::error);
        const std::string warns = statuses(results, checks::Status::warn);
        SCOPED_TRACE(c.file + v.source_suffix + (c.explanation.empty() ? "" : " (" + c.explanation + ")"));
        if (v.verdict == Verdict::known_bad) {
            EXPECT_FALSE(fails.empty()) << "expected failures";
        } else {
            EXPECT_TRUE(fails.empty()) << "unexpected failures:\n" << fails;
        }
        if (v.verdict == Verdict::quirky) {
            EXPECT_FALSE(warns.empty()) << "expected a warning for the quirk";
        }
        for (const auto& id : v.must_fail) {
            ASSERT_NE(checks::find_check(id), nullptr) << id;
            EXPECT_EQ(result_for(results, id)->status, checks::Status::fail) << id << "\nfails:\n" << fails;
        }
        for (const auto& id : v.must_warn) {
            ASSERT_NE(checks::find_check(id), nullptr) << id;
            EXPECT_EQ(result_for(results, id)->status, checks::Status::warn) << id << "\nwarnings:\n" << warns;
        }
        for (const auto& id : v.must_note) {
            ASSERT_NE(checks::find_check(id), nullptr) << id;
            const auto* r = result_for(results, id);
            EXPECT_EQ(r->status, checks::Status::pass) << id;
            EXPECT_FALSE(r->findings.empty()) << id << " should carry an info note";
        }
    }
}

TEST(CorpusFiles, EveryFileHasACase) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(test::source_path("tests/corpus")))
        if (entry.path().extension() == ".txt") files.push_back(entry.path().filename().string());
    EXPECT_EQ(files.size(), k_cases.size());
    for (const auto& f : files)
        EXPECT_TRUE(std::any_of(k_cases.begin(), k_cases.end(), [&](const CorpusCase& c) { return c.file == f; }))
            << f << " has no test case";
}

// Every device of every corpus file in one report: the JSON validates against the published schema
// and the JUnit XML against the Ant schema.
TEST(CorpusFiles, ReportsValidate) {
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    reports::Report report;
    std::vector<usb::DescriptorSet> sets;
    for (const auto& c : k_cases) {
        auto input = usb::load_input_file(test::source_path("tests/corpus/" + c.file));
        ASSERT_TRUE(input) << input.error().message;
        for (auto& snapshot : input->devices) {
            usb::ProbeOptions options;
            options.speed_override = c.speed;
            usb::ReplayDevice replay(std::move(snapshot));
            sets.push_back(usb::probe(replay, options));
        }
    }
    for (const auto& set : sets) report.devices.push_back({reports::identity_of(set), checks::run_checks(set), ""});
    const auto dir = std::filesystem::temp_directory_path();
    const std::string json = (dir / "usbcheck-corpus-report.json").string();
    const std::string junit = (dir / "usbcheck-corpus-report.xml").string();
    ASSERT_TRUE(reports::write_output(json, reports::to_json(report).dump(2)));
    ASSERT_TRUE(reports::write_output(junit, reports::to_junit_xml(report)));
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(json, test::source_path("reports/report.schema.json"), why)) << why;
    EXPECT_TRUE(test::validate_junit(junit, why)) << why;
    std::filesystem::remove(json);
    std::filesystem::remove(junit);
}

INSTANTIATE_TEST_SUITE_P(RealDevices, Corpus, testing::ValuesIn(k_cases),
                         [](const testing::TestParamInfo<CorpusCase>& info) {
                             std::string name = info.param.file.substr(0, info.param.file.find('.'));
                             std::replace_if(name.begin(), name.end(), [](char ch) { return !std::isalnum(ch); }, '_');
                             return name;
                         });
