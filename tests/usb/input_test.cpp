// Tests of offline inputs: format detection, hex text, sysfs descriptors and umockdev recordings.
#include "usb/input.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "test_util.h"
#include "usb/umockdev.h"

namespace usbcheck::usb {
namespace {

using test::hex;

Bytes text_bytes(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

ControlSetup setup_of(std::string_view text) {
    return ControlSetup::from_bytes(hex(text)).value_or(ControlSetup{});
}

// Holtek USB keyboard (umockdev devices/input/usbkbd.pcap.umockdev): device + one 59-byte configuration.
const std::string k_keyboard_device = "12 01 10 01 00 00 00 08 d9 04 03 16 10 03 01 02 00 01";
const std::string k_keyboard_config =
    "09 02 3b 00 02 01 00 a0 32 09 04 00 00 01 03 01 01 00 09 21 10 01 00 01 22 3e 00 07 05 81 03 08 00 0a "
    "09 04 01 00 01 03 00 00 00 09 21 10 01 00 01 22 65 00 07 05 82 03 08 00 0a";
// A small hub, with the bytes a test needs and no more.
const std::string k_hub_device = "12 01 00 02 09 00 00 40 34 12 78 56 00 01 00 00 00 02";
const std::string k_hub_config0 = "09 02 19 00 01 01 00 e0 00 09 04 00 00 01 09 00 00 00 07 05 81 03 01 00 0c";
const std::string k_hub_config1 = "09 02 19 00 01 02 00 a0 32 09 04 00 00 01 09 00 00 00 07 05 81 03 01 00 ff";

std::string compact(std::string text) {
    std::erase(text, ' ');
    return text;
}

// ---------------------------------------------------------------------------------------------
// Hex text

TEST(HexText, AcceptsTheUsualSpellings) {
    const Bytes expected = hex("12 01 00 02");
    EXPECT_EQ(parse_hex_text("12 01 00 02"), expected);
    EXPECT_EQ(parse_hex_text("12010002"), expected);
    EXPECT_EQ(parse_hex_text("1201 0002\n"), expected);
    EXPECT_EQ(parse_hex_text("0x12, 0x01,0x00 ,0X02"), expected);
    EXPECT_EQ(parse_hex_text("0x12,0x01,0x00,0x02,"), expected);
    EXPECT_EQ(parse_hex_text("# sysfs descriptors of a test device\n12 01 # device\n00 02 # bcdUSB\n"), expected);
    EXPECT_EQ(parse_hex_text("12 01\r\n00 02\r\n"), expected);
    EXPECT_EQ(parse_hex_text("\t12\t01\f00\v02  "), expected);
    EXPECT_EQ(parse_hex_text("12 # a comment may say anything: zz, 0xq!\n01 00 02"), expected);
    EXPECT_EQ(parse_hex_text("12#no space before the comment\n010002"), expected);
    EXPECT_EQ(parse_hex_text("AB cd Ef"), hex("ab cd ef"));
}

TEST(HexText, PrefixedSingleDigitIsOneByte) {
    EXPECT_EQ(parse_hex_text("0x1 0x2, 0xF"), hex("01 02 0f"));
}

TEST(HexText, RejectsWhatIsNotAByteDump) {
    for (const char* text : {"", "   \n", "# only a comment\n", "12 1", "123", "0x123", "0x", "0x0x12", "12 zz",
                             "12-01", "hello", "12 01 00 02 g", "1 2", "{\"a\": 1}", "P: /devices/x"}) {
        EXPECT_FALSE(parse_hex_text(text)) << '"' << text << '"';
    }
}

// ---------------------------------------------------------------------------------------------
// sysfs descriptors -> transfers

TEST(SysfsDescriptors, TwoConfigurations) {
    const Bytes blob = hex(k_hub_device + " " + k_hub_config0 + " " + k_hub_config1);
    const Snapshot s = snapshot_from_sysfs_descriptors(blob, "sysfs:test");
    EXPECT_EQ(s.source, "sysfs:test");
    EXPECT_EQ(s.speed, Speed::unknown);
    EXPECT_FALSE(s.complete);
    ASSERT_EQ(s.control.size(), 3u);
    EXPECT_EQ(s.control[0].setup.to_hex(), "80 06 00 01 00 00 12 00");
    EXPECT_EQ(s.control[0].result.status, TransferStatus::ok);
    EXPECT_EQ(s.control[0].result.data, hex(k_hub_device));
    EXPECT_EQ(s.control[1].setup.to_hex(), "80 06 00 02 00 00 19 00");
    EXPECT_EQ(s.control[1].result.data, hex(k_hub_config0));
    EXPECT_EQ(s.control[2].setup.to_hex(), "80 06 01 02 00 00 19 00");
    EXPECT_EQ(s.control[2].result.data, hex(k_hub_config1));
}

TEST(SysfsDescriptors, ReplayAnswersTheProbeRequests) {
    ReplayDevice device(snapshot_from_sysfs_descriptors(hex(k_hub_device + " " + k_hub_config0), "sysfs:x"));
    EXPECT_EQ(device.control_in(setup_of("80 06 00 02 00 00 09 00")).data, hex("09 02 19 00 01 01 00 e0 00"));
    EXPECT_EQ(device.control_in(setup_of("80 06 00 02 00 00 19 00")).data, hex(k_hub_config0));
    EXPECT_EQ(device.control_in(setup_of("80 06 01 02 00 00 09 00")).status, TransferStatus::not_captured);
    EXPECT_EQ(device.control_in(setup_of("80 06 00 03 00 00 ff 00")).status, TransferStatus::not_captured);
}

TEST(SysfsDescriptors, BlobShorterThanADeviceDescriptor) {
    const Snapshot s = snapshot_from_sysfs_descriptors(hex("12 01 00 02 00 00 00 40 34 12"), "sysfs:short");
    ASSERT_EQ(s.control.size(), 1u);
    EXPECT_EQ(s.control[0].setup.to_hex(), "80 06 00 01 00 00 12 00");
    EXPECT_EQ(s.control[0].result.data, hex("12 01 00 02 00 00 00 40 34 12"));
}

TEST(SysfsDescriptors, EmptyBlobGivesAnEmptyDeviceAnswer) {
    const Snapshot s = snapshot_from_sysfs_descriptors({}, "sysfs:empty");
    ASSERT_EQ(s.control.size(), 1u);
    EXPECT_TRUE(s.control[0].result.data.empty());
}

TEST(SysfsDescriptors, TotalLengthBeyondTheDataTakesWhatIsPresent) {
    // wTotalLength 0x0100 but only 25 configuration bytes follow.
    const std::string config = "09 02 00 01 01 01 00 80 32 09 04 00 00 01 09 00 00 00 07 05 81 03 01 00 0c";
    const Snapshot s = snapshot_from_sysfs_descriptors(hex(k_hub_device + " " + config), "sysfs:x");
    ASSERT_EQ(s.control.size(), 2u);
    EXPECT_EQ(s.control[1].setup.to_hex(), "80 06 00 02 00 00 19 00");
    EXPECT_EQ(s.control[1].result.data, hex(config));
}

TEST(SysfsDescriptors, FewerThanFourTrailingBytesAreOneConfiguration) {
    const Snapshot s = snapshot_from_sysfs_descriptors(hex(k_hub_device + " 09 02 19"), "sysfs:x");
    ASSERT_EQ(s.control.size(), 2u);
    EXPECT_EQ(s.control[1].setup.to_hex(), "80 06 00 02 00 00 03 00");
    EXPECT_EQ(s.control[1].result.data, hex("09 02 19"));
}

TEST(SysfsDescriptors, TotalLengthBelowTheHeaderStillTakesNineBytes) {
    // wTotalLength 0: the walk takes the 9-byte header and carries on with the next configuration.
    const Snapshot s = snapshot_from_sysfs_descriptors(
        hex(k_hub_device + " 09 02 00 00 01 01 00 80 32 " + k_hub_config1), "sysfs:x");
    ASSERT_EQ(s.control.size(), 3u);
    EXPECT_EQ(s.control[1].result.data, hex("09 02 00 00 01 01 00 80 32"));
    EXPECT_EQ(s.control[2].setup.to_hex(), "80 06 01 02 00 00 19 00");
    EXPECT_EQ(s.control[2].result.data, hex(k_hub_config1));
}

TEST(SysfsDescriptors, StopsAfterThirtyTwoConfigurations) {
    std::string blob = k_hub_device;
    for (int i = 0; i < 40; ++i) blob += " 09 02 09 00 00 01 00 80 32";
    const Snapshot s = snapshot_from_sysfs_descriptors(hex(blob), "sysfs:x");
    ASSERT_EQ(s.control.size(), 33u);
    EXPECT_EQ(s.control[32].setup.to_hex(), "80 06 1f 02 00 00 09 00");
}

// ---------------------------------------------------------------------------------------------
// umockdev

// Modelled on umockdev-record output (devices/input/usbkbd.pcap.umockdev, devices/hidraw/fido2.umockdev).
const std::string k_umockdev_sample =
    "# usbcheck test sample, after umockdev-record\n"
    "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3\n"
    "N: bus/usb/001/011=" + compact(k_keyboard_device + k_keyboard_config) + "\n"
    "E: DEVNAME=/dev/bus/usb/001/011\n"
    "E: DEVTYPE=usb_device\n"
    "E: DRIVER=usb\n"
    "E: SUBSYSTEM=usb\n"
    "E: ID_MODEL_ENC=USB\\x20Keyboard\n"
    "A: bMaxPower=100mA\\n\n"
    "A: busnum=1\\n\n"
    "A: configuration=\n"
    "H: descriptors=" + compact(k_keyboard_device + k_keyboard_config) + "\n"
    "A: devnum=11\\n\n"
    "A: devpath=3\\n\n"
    "L: driver=../../../../../bus/usb/drivers/usb\n"
    "A: idVendor=04d9\\n\n"
    "A: manufacturer=\\x20\\n\n"
    "A: power/autosuspend_delay_ms=2000\\n\n"
    "A: power/control=on\\n\n"
    "A: product=USB Keyboard\\n\n"
    "A: speed=1.5\\n\n"
    "A: version= 1.10\\n\n"
    "\n"
    "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0\n"
    "E: DEVTYPE=usb_interface\n"
    "E: DRIVER=usbhid\n"
    "E: SUBSYSTEM=usb\n"
    "A: bInterfaceClass=03\\n\n"
    "\n"
    "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/0003:04D9:1603.0001/hidraw/hidraw0\n"
    "N: hidraw0\n"
    "E: SUBSYSTEM=hidraw\n"
    "H: report_descriptor=05010906A101C0\n"
    "\n"
    "P: /devices/pci0000:00/0000:00:14.0/usb2/2-1\n"
    "E: DEVTYPE=usb_device\n"
    "E: SUBSYSTEM=usb\n"
    "A: speed=5000\\n\n"
    "H: bos_descriptors=050F160002071002060000000A1003000E00010AFF07\n"
    "H: descriptors=12012003090003096B1D030000010302010109021F00010100E000090400000109000000070581030200080630000002"
    "00\n"
    "A: power/control=auto\\n\n"
    "\n"
    "P: /devices/pci0000:00/0000:00:14.0/usb2/2-2\n"
    "E: DEVTYPE=usb_device\n"
    "E: SUBSYSTEM=usb\n"
    "A: speed=480\\n\n"
    "\n"
    "P: /devices/pci0000:00/0000:00:1a.0/usb1/1-1/1-1.5/1-1.5.2/1-1.5.2.4\n"
    "E: SUBSYSTEM=usb\n"
    "A: speed=480\n"
    "H: descriptors=1201000200000040CE0F660126020203040109022700010100C0FA0904000003FFFF000507058102000200070502"
    "02000200070582031C0006\n"
    "\n"
    "P: /devices/platform/not-usb\n"
    "H: descriptors=09021900010100E000\n"
    "\n";

TEST(Umockdev, OneSnapshotPerUsbDeviceBlock) {
    const auto loaded = load_input_bytes(text_bytes(k_umockdev_sample), "sample.umockdev");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::umockdev);
    ASSERT_EQ(loaded->devices.size(), 3u);

    const Snapshot& keyboard = loaded->devices[0];
    EXPECT_EQ(keyboard.source, "umockdev:sample.umockdev:/devices/pci0000:00/0000:00:14.0/usb1/1-3");
    EXPECT_EQ(keyboard.speed, Speed::low);
    EXPECT_FALSE(keyboard.complete);
    ASSERT_EQ(keyboard.control.size(), 2u);
    EXPECT_EQ(keyboard.control[0].result.data, hex(k_keyboard_device));
    EXPECT_EQ(keyboard.control[1].setup.to_hex(), "80 06 00 02 00 00 3b 00");
    EXPECT_EQ(keyboard.control[1].result.data, hex(k_keyboard_config));
    const std::map<std::string, std::string> expected_sysfs = {
        {"busnum", "1"},          {"devnum", "11"},     {"devpath", "3"},
        {"manufacturer", " "},    {"power/autosuspend_delay_ms", "2000"},
        {"power/control", "on"},  {"product", "USB Keyboard"},
        {"speed", "1.5"},         {"version", " 1.10"}};
    EXPECT_EQ(keyboard.sysfs, expected_sysfs);

    const Snapshot& hub = loaded->devices[1];
    EXPECT_EQ(hub.source, "umockdev:sample.umockdev:/devices/pci0000:00/0000:00:14.0/usb2/2-1");
    EXPECT_EQ(hub.speed, Speed::super);
    ASSERT_EQ(hub.control.size(), 3u);
    EXPECT_EQ(hub.control[1].setup.to_hex(), "80 06 00 02 00 00 1f 00");
    EXPECT_EQ(hub.control[2].setup.to_hex(), "80 06 00 0f 00 00 16 00");
    EXPECT_EQ(hub.control[2].result.data,
              hex("05 0f 16 00 02 07 10 02 06 00 00 00 0a 10 03 00 0e 00 01 0a ff 07"));
    EXPECT_EQ(hub.sysfs.at("power/control"), "auto");

    // An older recording without DEVTYPE: taken because its descriptors start with a device descriptor.
    const Snapshot& phone = loaded->devices[2];
    EXPECT_EQ(phone.source, "umockdev:sample.umockdev:/devices/pci0000:00/0000:00:1a.0/usb1/1-1/1-1.5/1-1.5.2/1-1.5.2.4");
    EXPECT_EQ(phone.speed, Speed::high);
    ASSERT_EQ(phone.control.size(), 2u);
    EXPECT_EQ(phone.control[1].setup.to_hex(), "80 06 00 02 00 00 27 00");
}

TEST(Umockdev, CrlfLineEndingsReadTheSame) {
    std::string crlf;
    for (char c : k_umockdev_sample) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    const auto loaded = load_input_bytes(text_bytes(crlf), "crlf.umockdev");
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_EQ(loaded->devices.size(), 3u);
    EXPECT_EQ(loaded->devices[0].sysfs.at("power/control"), "on");
    EXPECT_EQ(loaded->devices[0].control[1].result.data, hex(k_keyboard_config));
}

TEST(Umockdev, NoUsableDeviceIsAnError) {
    const auto loaded = load_input_bytes(text_bytes("P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0\n"
                                                    "E: DEVTYPE=usb_interface\nE: SUBSYSTEM=usb\n\n"
                                                    "P: /devices/virtual/misc/uinput\nE: SUBSYSTEM=misc\n"),
                                         "x.umockdev");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "umockdev recording has no USB device with a descriptors attribute");
}

TEST(Umockdev, MalformedDescriptorsHexIsSkipped) {
    const auto loaded = load_input_bytes(
        text_bytes("P: /devices/a\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nH: descriptors=12010G\n"), "x");
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("no USB device"), std::string::npos);
}

TEST(Umockdev, UnescapesAttributeValues) {
    EXPECT_EQ(unescape_umockdev("on\\n"), "on\n");
    EXPECT_EQ(unescape_umockdev("a\\\\b"), "a\\b");
    EXPECT_EQ(unescape_umockdev("\\x41\\x0A\\x4"), "A\n\x04");
    EXPECT_EQ(unescape_umockdev("tab\\there"), "tab\there");
    EXPECT_EQ(unescape_umockdev("\\101\\0"), std::string("A\0", 2));
    EXPECT_EQ(unescape_umockdev("keep \\q and \\x"), "keep \\q and \\x");
    EXPECT_EQ(unescape_umockdev("trailing\\"), "trailing\\");
    EXPECT_EQ(unescape_umockdev("line1\\nline2\\n"), "line1\nline2\n");
}

// ---------------------------------------------------------------------------------------------
// Detection

TEST(Detection, SnapshotJson) {
    const auto loaded = load_input_bytes(
        text_bytes("  \n{\"format\": \"usbcheck-snapshot\", \"version\": 1, \"control\": ["
                   "{\"setup\": \"80 06 00 01 00 00 12 00\", \"status\": \"ok\", \"data\": \"12 01\"}]}"),
        "dev.json");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::snapshot);
    ASSERT_EQ(loaded->devices.size(), 1u);
    EXPECT_EQ(loaded->devices[0].source, "snapshot:dev.json");
    EXPECT_TRUE(loaded->devices[0].complete);
}

TEST(Detection, SnapshotKeepsItsOwnSource) {
    const auto loaded = load_input_bytes(
        text_bytes("\xEF\xBB\xBF{\"format\": \"usbcheck-snapshot\", \"version\": 1, \"source\": \"live:1-2\", "
                   "\"control\": []}"),
        "dev.json");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->devices[0].source, "live:1-2");
}

TEST(Detection, JsonWithoutSnapshotFormat) {
    for (const char* text : {"{}", "{\"format\": \"usbcheck-report\", \"version\": 1}", "{\"format\": 1}",
                             "{\"devices\": [1, 2]}"}) {
        const auto loaded = load_input_bytes(text_bytes(text), "x.json");
        ASSERT_FALSE(loaded) << text;
        EXPECT_EQ(loaded.error().message, "unrecognised JSON input: no \"format\": \"usbcheck-snapshot\"") << text;
    }
}

TEST(Detection, BrokenJsonAndBadSnapshotFieldsReportTheSnapshotError) {
    const auto broken = load_input_bytes(text_bytes("{\"format\": \"usbcheck-snapshot\", "), "x.json");
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("snapshot: invalid JSON at byte"), std::string::npos)
        << broken.error().message;
    const auto newer = load_input_bytes(
        text_bytes("{\"format\": \"usbcheck-snapshot\", \"version\": 7, \"control\": []}"), "x.json");
    ASSERT_FALSE(newer);
    EXPECT_EQ(newer.error().message, "snapshot version 7 is newer than this usbcheck understands (1)");
}

TEST(Detection, AnnotatedHexLinesWinOverTheTextAroundThem) {
    const std::string text = "# device: a small hub\n# hex.descriptors: " + compact(k_hub_device + k_hub_config0) +
                             "\n# ---- original content below ----\n" + k_umockdev_sample;
    const auto loaded = load_input_bytes(text_bytes(text), "hub.txt");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::annotated_hex);
    ASSERT_EQ(loaded->devices.size(), 1u);
    ASSERT_GE(loaded->devices[0].control.size(), 2u);
    EXPECT_EQ(loaded->devices[0].control[1].result.data, hex(k_hub_config0));
}

TEST(Detection, AnnotatedHexNeverThrows) {
    for (const char* text : {"# hex.string_: 04 03 41 00\n", "# hex.string_zz: 04 03\n", "# hex.config_x: 09 02\n",
                             "# hex.report_descriptor.ifq: 05 01\n", "# hex.descriptors: 1 2 3\n"}) {
        EXPECT_NO_THROW({
            const auto loaded = load_input_bytes(text_bytes(text), "x");
            if (!loaded) {
                EXPECT_EQ(loaded.error().message.find('\n'), std::string::npos);
            }
        }) << text;
    }
}

TEST(Detection, Umockdev) {
    const auto loaded = load_input_bytes(text_bytes(k_umockdev_sample), "x");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::umockdev);
}

TEST(Detection, HexText) {
    const auto loaded = load_input_bytes(
        text_bytes("# descriptors of a hub\n" + k_hub_device + "\n" + k_hub_config0 + "\n"), "hub.hex");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::sysfs_hex);
    ASSERT_EQ(loaded->devices.size(), 1u);
    EXPECT_EQ(loaded->devices[0].source, "sysfs:hub.hex");
    EXPECT_FALSE(loaded->devices[0].complete);
    ASSERT_EQ(loaded->devices[0].control.size(), 2u);
    EXPECT_EQ(loaded->devices[0].control[1].result.data, hex(k_hub_config0));
}

TEST(Detection, BinarySysfsDescriptors) {
    const auto loaded = load_input_bytes(hex(k_hub_device + " " + k_hub_config0), "descriptors");
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::sysfs_binary);
    ASSERT_EQ(loaded->devices.size(), 1u);
    EXPECT_EQ(loaded->devices[0].source, "sysfs:descriptors");
    ASSERT_EQ(loaded->devices[0].control.size(), 2u);
    EXPECT_EQ(loaded->devices[0].control[0].result.data, hex(k_hub_device));
}

TEST(Detection, UnrecognisedInputs) {
    const std::string expected =
        "unrecognised input: not a usbcheck snapshot, umockdev recording, or sysfs descriptors file (binary or hex)";
    for (const Bytes& content : {text_bytes("hello world\n"), text_bytes("[1, 2]"), hex("09 02 19 00 01"),
                                 hex("12"), text_bytes("Bus 001 Device 002: ID 1234:5678\n"), text_bytes(" \n")}) {
        const auto loaded = load_input_bytes(content, "x");
        ASSERT_FALSE(loaded);
        EXPECT_EQ(loaded.error().message, expected);
    }
}

TEST(Detection, EmptyInput) {
    const auto loaded = load_input_bytes({}, "x");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "empty input");
}

TEST(Detection, HugeInputIsRefused) {
    const auto loaded = load_input_bytes(Bytes(16 * 1024 * 1024 + 1, '0'), "x");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "input is larger than 16 MiB");
}

TEST(Detection, FormatNames) {
    EXPECT_EQ(to_string(InputFormat::snapshot), "snapshot");
    EXPECT_EQ(to_string(InputFormat::umockdev), "umockdev");
    EXPECT_EQ(to_string(InputFormat::sysfs_binary), "sysfs-binary");
    EXPECT_EQ(to_string(InputFormat::sysfs_hex), "sysfs-hex");
    EXPECT_EQ(to_string(InputFormat::annotated_hex), "annotated-hex");
}

// ---------------------------------------------------------------------------------------------
// Files

class InputFiles : public testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("usbcheck_input_test_" + std::to_string(::getpid()) + "_" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string write(const std::string& name, const Bytes& content) {
        const auto path = (m_dir / name).string();
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(content.data()),
                                                    static_cast<std::streamsize>(content.size()));
        return path;
    }
    std::filesystem::path m_dir;
};

TEST_F(InputFiles, MissingFile) {
    const std::string path = (m_dir / "missing.json").string();
    const auto loaded = load_input_file(path);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "cannot read " + path + ": No such file or directory");
}

TEST_F(InputFiles, Directory) {
    const auto loaded = load_input_file(m_dir.string());
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "cannot read " + m_dir.string() + ": Is a directory");
}

TEST_F(InputFiles, SnapshotWithoutSourceGetsThePath) {
    Snapshot s;
    s.control.push_back({setup_of("80 06 00 01 00 00 12 00"), TransferResult{TransferStatus::ok, hex(k_hub_device)}});
    const std::string path = write("dev.json", text_bytes(write_snapshot(s)));
    const auto loaded = load_input_file(path);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->format, InputFormat::snapshot);
    EXPECT_EQ(loaded->devices[0].source, "snapshot:" + path);
    EXPECT_EQ(loaded->devices[0].control[0].result.data, hex(k_hub_device));
}

TEST_F(InputFiles, BinaryAndHexAndUmockdevFiles) {
    const auto binary = load_input_file(write("descriptors", hex(k_hub_device + " " + k_hub_config0)));
    ASSERT_TRUE(binary) << binary.error().message;
    EXPECT_EQ(binary->format, InputFormat::sysfs_binary);
    const auto text = load_input_file(write("descriptors.txt", text_bytes(compact(k_hub_device + k_hub_config0))));
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(text->format, InputFormat::sysfs_hex);
    const auto umockdev = load_input_file(write("x.umockdev", text_bytes(k_umockdev_sample)));
    ASSERT_TRUE(umockdev) << umockdev.error().message;
    EXPECT_EQ(umockdev->devices.size(), 3u);
}

TEST_F(InputFiles, EmptyAndHugeFiles) {
    const auto empty = load_input_file(write("empty", {}));
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().message, "empty input");
    const auto huge = load_input_file(write("huge", Bytes(16 * 1024 * 1024 + 1, 0x00)));
    ASSERT_FALSE(huge);
    EXPECT_EQ(huge.error().message, "input is larger than 16 MiB");
}

// ---------------------------------------------------------------------------------------------
// Robustness: any bytes give an error or snapshots, and every snapshot replays.

void expect_graceful(const Bytes& content) {
    const auto loaded = load_input_bytes(content, "random");
    if (!loaded) {
        EXPECT_FALSE(loaded.error().message.empty());
        EXPECT_EQ(loaded.error().message.find('\n'), std::string::npos);
        return;
    }
    EXPECT_FALSE(loaded->devices.empty());
    for (const Snapshot& s : loaded->devices) {
        ReplayDevice device(s);
        device.control_in(setup_of("80 06 00 01 00 00 12 00"));
        device.control_in(setup_of("80 06 00 02 00 00 ff ff"));
        device.control_in(setup_of("80 06 00 0f 00 00 05 00"));
        EXPECT_EQ(device.asked().size(), 3u);
    }
}

TEST(Robustness, RandomBytes) {
    std::mt19937 rng(20261124);
    std::uniform_int_distribution<int> byte(0, 255);
    Bytes content(64 * 1024);
    for (auto& b : content) b = static_cast<uint8_t>(byte(rng));
    expect_graceful(content);
    content[1] = dt::device;  // now it looks like a binary descriptors file
    expect_graceful(content);
    content[0] = '{';
    expect_graceful(content);
}

TEST(Robustness, RandomTextOfEveryFormatsAlphabet) {
    std::mt19937 rng(7);
    const std::string alphabet = "0123456789abcdefABCDEFxX ,#\n\r\t{}[]\":P:EAH=\\usb_devicedescriptors";
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 64; ++round) {
        std::string text = round % 2 ? "P: /devices/x\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nH: descriptors=" : "";
        for (int i = 0; i < 1024; ++i) text += alphabet[pick(rng)];
        expect_graceful(text_bytes(text));
    }
}

}  // namespace
}  // namespace usbcheck::usb
