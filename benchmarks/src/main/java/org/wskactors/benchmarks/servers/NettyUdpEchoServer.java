package org.wskactors.benchmarks.servers;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;

/**
 * A Netty 4.1 UDP echo server (NIO datagram channel): every datagram goes back to its sender.
 *
 * <p>Usage: {@code NettyUdpEchoServer [host] [port]}; prints {@code PORT n} when bound.
 */
public final class NettyUdpEchoServer {
  private NettyUdpEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   * @throws InterruptedException when interrupted while binding
   */
  public static void main(String[] args) throws InterruptedException {
    ServerSupport.quietLogging();
    EventLoopGroup group = new NioEventLoopGroup(1);
    Channel bound =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    ctx.write(new DatagramPacket(p.content().retain(), p.sender()));
                  }

                  @Override
                  public void channelReadComplete(ChannelHandlerContext ctx) {
                    ctx.flush();
                  }
                })
            .bind(ServerSupport.bindAddress(args))
            .sync()
            .channel();
    ServerSupport.announce(((InetSocketAddress) bound.localAddress()).getPort());
    bound.closeFuture().sync();
  }
}
