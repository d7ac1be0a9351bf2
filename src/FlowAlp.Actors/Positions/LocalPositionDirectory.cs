using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>The single-process directory: one child actor per position, created when the pool opens the position.</summary>
public sealed class LocalPositionDirectory(IActorContext context) : IPositionDirectory
{
    private readonly List<IActorRef?> _children = new();

    public static readonly PositionDirectoryFactory Factory = c => new LocalPositionDirectory(c);

    public int Count => _children.Count;
    public int Live => _children.Count(c => c is not null);

    public void Ensure(long count, Func<long, PositionSnapshot?> initial)
    {
        while (_children.Count < count)
        {
            long pid = _children.Count;
            _children.Add(context.ActorOf(PositionActor.Props(pid, context.Self, initial(pid)).WithDispatcher(AkkaConfig.Dispatcher), $"p{pid}"));
        }
    }

    public void Tell(long position, object message, IActorRef sender) => _children[(int)position]!.Tell(message, sender);

    public IActorRef? ActorOf(long position) => position >= 0 && position < _children.Count ? _children[(int)position] : null;
}
