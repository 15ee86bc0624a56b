// A test receiver built on the OpenIGTLink reference library (Debian libopenigtlink-dev): it connects to
// an OpenIGTLink server as 3D Slicer does and prints, for every message, its type and device name, and
// what the library unpacks (CRC checked) from POINT and IMAGE messages — the fields Receiver/ReceiveClient.cxx
// of openigtlink-examples does not print (the device name of a POINT list, the image's origin matrix).
// Built by the tests with one line: g++ -I/usr/include/openigtlink reference-receiver.cxx -lOpenIGTLink
// Usage: reference-receiver HOST PORT
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "igtlClientSocket.h"
#include "igtlImageMessage.h"
#include "igtlMessageHeader.h"
#include "igtlPointMessage.h"

int main(int argc, char* argv[]) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  igtl::ClientSocket::Pointer socket = igtl::ClientSocket::New();
  if (socket->ConnectToServer(argv[1], std::atoi(argv[2])) != 0) {
    std::fprintf(stderr, "cannot connect to %s:%s\n", argv[1], argv[2]);
    return 1;
  }
  igtl::MessageHeader::Pointer header = igtl::MessageHeader::New();
  for (;;) {
    header->InitPack();
    int r = socket->Receive(header->GetPackPointer(), header->GetPackSize());
    if (r == 0) return 0;
    if (r != header->GetPackSize()) continue;
    header->Unpack();
    const char* type = header->GetDeviceType();
    if (std::strcmp(type, "POINT") == 0) {
      igtl::PointMessage::Pointer message = igtl::PointMessage::New();
      message->SetMessageHeader(header);
      message->AllocatePack();
      socket->Receive(message->GetPackBodyPointer(), message->GetPackBodySize());
      if (!(message->Unpack(1) & igtl::MessageHeader::UNPACK_BODY)) {
        std::printf("POINT %s CRC-FAILED\n", header->GetDeviceName());
        std::fflush(stdout);
        continue;
      }
      int n = message->GetNumberOfPointElement();
      std::printf("POINT %s %d\n", header->GetDeviceName(), n);
      for (int i = 0; i < n; i++) {
        igtl::PointElement::Pointer point;
        message->GetPointElement(i, point);
        igtlUint8 rgba[4];
        point->GetRGBA(rgba);
        igtlFloat32 p[3];
        point->GetPosition(p);
        std::printf("  point|%s|%s|%d %d %d %d|%.4f %.4f %.4f|%.4f|%s\n", point->GetName(), point->GetGroupName(),
                    rgba[0], rgba[1], rgba[2], rgba[3], p[0], p[1], p[2], point->GetRadius(), point->GetOwner());
      }
    } else if (std::strcmp(type, "IMAGE") == 0) {
      igtl::ImageMessage::Pointer message = igtl::ImageMessage::New();
      message->SetMessageHeader(header);
      message->AllocatePack();
      socket->Receive(message->GetPackBodyPointer(), message->GetPackBodySize());
      if (!(message->Unpack(1) & igtl::MessageHeader::UNPACK_BODY)) {
        std::printf("IMAGE %s CRC-FAILED\n", header->GetDeviceName());
        std::fflush(stdout);
        continue;
      }
      int size[3];
      float origin[3];
      float t[3], s[3], n[3];
      message->GetDimensions(size);
      message->GetOrigin(origin);
      message->GetNormals(t, s, n);
      // The coordinate field as the library reads it (igtlImageMessage.h: COORDINATE_RAS = 1, LPS = 2) and
      // the unit vectors of the i, j, k axes.
      std::printf("IMAGE %s %d %d %d origin %.4f %.4f %.4f coordinate %s i %.4f %.4f %.4f j %.4f %.4f %.4f"
                  " k %.4f %.4f %.4f\n",
                  header->GetDeviceName(), size[0], size[1], size[2], origin[0], origin[1], origin[2],
                  message->GetCoordinateSystem() == igtl::ImageMessage::COORDINATE_RAS   ? "RAS"
                  : message->GetCoordinateSystem() == igtl::ImageMessage::COORDINATE_LPS ? "LPS"
                                                                                          : "other",
                  t[0], t[1], t[2], s[0], s[1], s[2], n[0], n[1], n[2]);
    } else {
      std::printf("%s %s\n", type, header->GetDeviceName());
      socket->Skip(header->GetBodySizeToRead(), 0);
    }
    std::fflush(stdout);
  }
}
