import socket

import pytest

from tests.conftest import NetworkBlocked


def test_network_access_fails_the_test():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("example.com", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("huggingface.co", 443)
