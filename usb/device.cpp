// The recording wrapper: every request and its answer, in order.
#include "usb/device.h"

namespace usbcheck::usb {

TransferResult RecordingDevice::control_in(const ControlSetup& setup) {
    TransferResult result = m_inner.control_in(setup);
    m_transfers.push_back({setup, result});
    return result;
}

}  // namespace usbcheck::usb
